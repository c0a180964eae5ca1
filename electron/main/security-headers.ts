/**
 * Response headers for every document, script and worker the app serves: the `app://bundle` protocol in
 * Electron and the static server of the browser build use these same values, so both are cross-origin isolated
 * (SharedArrayBuffer available to the training workers) and both run under the same Content Security Policy.
 * Pure data: no Electron or Node imports, so the static web server and the tests can use it.
 */

/**
 * Production Content Security Policy. `'wasm-unsafe-eval'` lets the engine compile its WASM kernels; worker
 * scripts may come from the bundle or from `blob:` URLs; nothing is loaded from other origins.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' blob: data:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/**
 * Development Content Security Policy for the Vite dev server (`vite`, `electron-vite dev`): Vite injects the
 * React refresh preamble as an inline script and styles as `<style>` tags, and talks to its HMR server over a
 * WebSocket. Never used for built files.
 */
export const DEV_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY
  .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
  .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
  .replace("connect-src 'self'", "connect-src 'self' ws: wss:");

/** The three headers that make a page cross-origin isolated and let it use SharedArrayBuffer. */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** All headers added to every response of the bundle (CSP, isolation, no MIME sniffing, no referrer). */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    ...ISOLATION_HEADERS,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.gz': 'application/gzip',
  '.zip': 'application/zip',
  '.bin': 'application/octet-stream',
};

/** Content type for a file name; unknown extensions are served as opaque bytes. */
export function contentTypeFor(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  const ext = dot >= 0 ? fileName.slice(dot).toLowerCase() : '';
  return MIME_TYPES[ext] ?? 'application/octet-stream';
}
