/**
 * Serving the built UI: maps a request path to a file inside the bundle folder, refusing anything that would
 * leave it (`..`, encoded traversal, absolute or drive paths, NUL bytes, symlinks pointing outside), and answers
 * with the shared security headers. Used by the `app://bundle` protocol handler in Electron and by the static
 * server of the browser build. Node only (fs, path); no Electron import, so it is unit-tested directly.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { contentTypeFor, securityHeaders } from './security-headers.ts';

export type BundlePathResult =
  | { ok: true; filePath: string }
  | { ok: false; status: 400 | 403 | 404; reason: string };

function inside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/**
 * Lexical step: turns a URL pathname (still percent-encoded, e.g. `/assets/index-3f2a.js`) into an absolute
 * path under `root`, or a refusal with an HTTP status and the reason. `/` and folder paths map to `index.html`.
 */
export function resolveBundlePath(root: string, urlPathname: string): BundlePathResult {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPathname);
  } catch {
    return { ok: false, status: 400, reason: `malformed percent-encoding in path ${JSON.stringify(urlPathname)}` };
  }
  if (decoded.includes('\0')) return { ok: false, status: 400, reason: 'path contains a NUL byte' };
  if (decoded.includes('\\')) return { ok: false, status: 400, reason: 'path contains a backslash' };
  let rel = decoded.replace(/^\/+/, '');
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';
  const segments = rel.split('/');
  if (segments.some((s) => s === '..')) return { ok: false, status: 403, reason: 'path leaves the bundle (..)' };
  if (path.isAbsolute(rel) || path.win32.isAbsolute(rel) || /^[a-zA-Z]:/.test(rel)) {
    return { ok: false, status: 403, reason: 'absolute paths are not served' };
  }
  const absRoot = path.resolve(root);
  const filePath = path.resolve(absRoot, ...segments);
  if (!inside(absRoot, filePath) || filePath === absRoot) {
    return { ok: false, status: 403, reason: 'path leaves the bundle' };
  }
  return { ok: true, filePath };
}

/**
 * Full check: the lexical step, then the real (symlink-resolved) path must still be a regular file inside the
 * real root.
 */
export async function resolveBundleFile(root: string, urlPathname: string): Promise<BundlePathResult> {
  const lexical = resolveBundlePath(root, urlPathname);
  if (!lexical.ok) return lexical;
  let realRoot: string;
  let realFile: string;
  try {
    realRoot = await realpath(path.resolve(root));
    realFile = await realpath(lexical.filePath);
  } catch {
    return { ok: false, status: 404, reason: 'no such file in the bundle' };
  }
  if (!inside(realRoot, realFile) || realFile === realRoot) {
    return { ok: false, status: 403, reason: 'path resolves (through a link) outside the bundle' };
  }
  const info = await stat(realFile);
  if (!info.isFile()) return { ok: false, status: 404, reason: 'not a file' };
  return { ok: true, filePath: realFile };
}

export interface BundleResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | string;
}

/** Reads the file a URL pathname names and returns status, headers (always the security headers) and body. */
export async function readBundleResponse(root: string, urlPathname: string): Promise<BundleResponse> {
  const headers = securityHeaders();
  const resolved = await resolveBundleFile(root, urlPathname);
  if (!resolved.ok) {
    return { status: resolved.status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }, body: `${resolved.status}: ${resolved.reason}\n` };
  }
  const body = new Uint8Array(await readFile(resolved.filePath));
  return {
    status: 200,
    headers: { ...headers, 'Content-Type': contentTypeFor(resolved.filePath), 'Cache-Control': 'no-cache' },
    body,
  };
}

/**
 * The `app://bundle/…` protocol handler body: only GET/HEAD on host `bundle` are answered; every answer carries
 * the security headers. `Response` is the Fetch API class (global in Electron's main process and in Node).
 */
export async function handleBundleRequest(request: Request, root: string, scheme = 'app', host = 'bundle'): Promise<Response> {
  const url = new URL(request.url);
  let result: BundleResponse;
  if (url.protocol !== `${scheme}:` || url.host !== host) {
    result = { status: 404, headers: { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' }, body: `404: unknown host ${url.host}\n` };
  } else if (request.method !== 'GET' && request.method !== 'HEAD') {
    result = { status: 405, headers: { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8', Allow: 'GET, HEAD' }, body: '405: method not allowed\n' };
  } else {
    result = await readBundleResponse(root, url.pathname);
  }
  const body = request.method === 'HEAD' ? null : (result.body as BodyInit);
  return new Response(body, { status: result.status, headers: result.headers });
}
