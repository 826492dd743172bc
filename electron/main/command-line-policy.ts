/**
 * Chromium and Node honour switches on the command line before any of our code runs. In a
 * shipped build these would open the desk to inspection or weaken TLS, so a packaged app
 * refuses to start with any of them (the fuses already disable --inspect and
 * NODE_OPTIONS; this covers Chromium's side). Unpackaged runs keep them: Playwright's
 * Electron driver needs --remote-debugging-port and --inspect, and developers need DevTools.
 */
export const FORBIDDEN_SWITCHES: readonly string[] = Object.freeze([
  // Remote control of the renderer (would read the KB and customer data off the page).
  'remote-debugging-port',
  'remote-debugging-pipe',
  'remote-debugging-address',
  'remote-allow-origins',
  'auto-open-devtools-for-tabs',
  'inspect',
  'inspect-brk',
  'inspect-port',
  'js-flags',
  'load-extension',
  // TLS and origin checks turned off.
  'ignore-certificate-errors',
  'ignore-certificate-errors-spki-list',
  'allow-insecure-localhost',
  'unsafely-treat-insecure-origin-as-secure',
  'disable-web-security',
  'disable-site-isolation-trials',
  'no-sandbox',
  // Logs that can capture page console output or decrypted network traffic on disk.
  'log-net-log',
  'net-log-capture-mode',
  'enable-logging',
  // Chromium's network service writes TLS session secrets to this file: it would let a
  // packet capture decrypt SIP over WSS and every page request.
  'ssl-key-log-file',
]);

/**
 * Environment variables with the same effect as a forbidden switch. They cannot be seen
 * with `commandLine.hasSwitch`, so they are checked on their own.
 */
export const FORBIDDEN_ENV: readonly string[] = Object.freeze([
  // Read by Chromium's network service like --ssl-key-log-file.
  'SSLKEYLOGFILE',
  // Electron's equivalents of --enable-logging / a log file path.
  'ELECTRON_ENABLE_LOGGING',
  'ELECTRON_LOG_FILE',
]);

export interface CommandLinePort {
  hasSwitch(name: string): boolean;
}

/**
 * The forbidden switches and environment variables present at launch (empty when
 * unpackaged). An empty environment value counts as absent: Chromium ignores it too.
 */
export function forbiddenLaunchSettings(
  commandLine: CommandLinePort,
  env: Readonly<Record<string, string | undefined>>,
  packaged: boolean,
): string[] {
  if (!packaged) return [];
  return [
    ...FORBIDDEN_SWITCHES.filter((name) => commandLine.hasSwitch(name)),
    ...FORBIDDEN_ENV.filter((name) => (env[name] ?? '') !== '').map((name) => `env:${name}`),
  ];
}
