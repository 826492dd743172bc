import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { FORBIDDEN_PACKAGES, forbidPackages } from '../scripts/build/forbid-packages.ts';

/**
 * Builds the renderer into dist/renderer for the app:// protocol (and the browser test
 * host). The page runs under a strict CSP (script-src 'self', style-src 'self',
 * trusted-types 'none'), so the output must contain no inline script or style:
 * no module-preload polyfill, no inlined assets, CSS as files.
 */
const rendererRoot = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig({
  root: rendererRoot,
  base: './',
  plugins: [react(), forbidPackages(FORBIDDEN_PACKAGES)],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    sourcemap: false,
    target: 'chrome140',
  },
});
