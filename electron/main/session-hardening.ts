import type { SecurityAudit } from './security-events.ts';

/**
 * Session-wide switches that have nothing to do with one request:
 * - spellchecker off, and its dictionary download pointed at a name that never resolves
 *   (RFC 2606 `.invalid`): Chromium would otherwise fetch dictionaries from Google's CDN,
 *   a host the institution did not name (the network guard would cancel it, noisily);
 * - downloads refused: a download is a file leaving the desk (e.g. `<a download>` on a blob
 *   of KB text), and the desk has no feature that needs one.
 */
export const NO_DICTIONARY_URL = 'https://spellcheck-disabled.invalid/';

export interface BasicSession {
  setSpellCheckerEnabled(enable: boolean): void;
  setSpellCheckerDictionaryDownloadURL(url: string): void;
  on(event: 'will-download', listener: (event: { preventDefault(): void }, item: { getURL(): string }) => void): unknown;
}

export function hardenSessionBasics(session: BasicSession, audit: SecurityAudit): void {
  session.setSpellCheckerEnabled(false);
  session.setSpellCheckerDictionaryDownloadURL(NO_DICTIONARY_URL);
  session.on('will-download', (event, item) => {
    event.preventDefault();
    audit({ kind: 'download-denied', url: item.getURL(), detail: 'will-download' });
  });
}
