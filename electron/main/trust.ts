/**
 * Who may talk to main and where the app may go: the IPC sender check, the navigation check, and the allowlist
 * for links opened in the system browser. Pure functions; no Electron import.
 */
import { APP_HOST, APP_SCHEME } from '../ipc/contract.ts';

/**
 * True when `url` belongs to the app's own UI: `app://bundle/…`, or, in development only, the dev server's
 * origin (`devServerUrl`, from ELECTRON_RENDERER_URL). Node's URL reports origin "null" for custom schemes, so
 * protocol and host are compared instead.
 */
export function isAppUrl(url: string | null | undefined, devServerUrl: string | null): boolean {
  if (typeof url !== 'string' || url === '') return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '') return true;
  if (devServerUrl) {
    try {
      const dev = new URL(devServerUrl);
      return (dev.protocol === 'http:' || dev.protocol === 'https:') && parsed.origin === dev.origin;
    } catch {
      return false;
    }
  }
  return false;
}

/** The parts of Electron's IPC event the sender check reads. */
export interface SenderFrameLike {
  url: string;
  parent: unknown;
}

/**
 * The IPC sender check: the frame must exist, be a top-level frame (no iframes), and be showing the app's UI.
 * Returns `null` when trusted, or a sentence explaining the refusal.
 */
export function senderRefusal(frame: SenderFrameLike | null | undefined, devServerUrl: string | null): string | null {
  if (!frame) return 'the sending frame is gone (navigated away or destroyed)';
  if (frame.parent !== null && frame.parent !== undefined) return `the sender is a sub-frame (${frame.url}); only the main frame may call`;
  if (!isAppUrl(frame.url, devServerUrl)) return `the sender ${JSON.stringify(frame.url)} is not the Netsketch UI (app://bundle)`;
  return null;
}

/** Hosts whose https pages may be opened in the system browser. */
export const EXTERNAL_HOSTS: readonly string[] = ['docs.pytorch.org', 'pytorch.org', 'github.com'];

/** True for `https://` links to an allow-listed host, with no credentials and the default port. */
export function isAllowedExternalUrl(url: unknown): url is string {
  if (typeof url !== 'string' || url.length > 2048) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '' && parsed.port === ''
    && EXTERNAL_HOSTS.includes(parsed.hostname);
}
