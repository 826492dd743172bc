/**
 * TEST/DEMO HARNESS ONLY — never shipped. The one thing the host adds to what main
 * serves: a `<script>` in index.html that installs `window.desk` before the renderer's
 * module script runs (in Electron, the preload does that). Same-origin, so the CSP's
 * `script-src 'self'` allows it as it is.
 */
export const BRIDGE_PATH = '/__desk/bridge.js';
const BRIDGE_TAG = `<script src="${BRIDGE_PATH}"></script>`;

/** Puts the bridge before the first module script (or before </head> when there is none). */
export function injectBridge(html: string): string {
  const moduleScript = /<script\b[^>]*\btype\s*=\s*["']?module["']?[^>]*>/i.exec(html);
  if (moduleScript) return html.slice(0, moduleScript.index) + BRIDGE_TAG + html.slice(moduleScript.index);
  const headEnd = html.search(/<\/head>/i);
  if (headEnd >= 0) return html.slice(0, headEnd) + BRIDGE_TAG + html.slice(headEnd);
  return BRIDGE_TAG + html;
}
