import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { handleBundleRequest, resolveBundleFile, resolveBundlePath } from '../../electron/main/bundle-files.ts';
import { CONTENT_SECURITY_POLICY } from '../../electron/main/security-headers.ts';

let base: string;
let root: string;

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), 'netsketch-bundle-'));
  root = path.join(base, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(base, 'secret.txt'), 'outside the bundle');
  mkdirSync(path.join(base, 'renderer-evil'));
  writeFileSync(path.join(base, 'renderer-evil', 'x.js'), 'sibling folder with the same prefix');
  symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('resolveBundlePath (lexical)', () => {
  test('maps / and plain paths into the root', () => {
    expect(resolveBundlePath(root, '/')).toEqual({ ok: true, filePath: path.join(root, 'index.html') });
    expect(resolveBundlePath(root, '/assets/app.js')).toEqual({ ok: true, filePath: path.join(root, 'assets', 'app.js') });
    expect(resolveBundlePath(root, '/assets/')).toEqual({ ok: true, filePath: path.join(root, 'assets', 'index.html') });
    expect(resolveBundlePath(root, '/a%20b.js')).toEqual({ ok: true, filePath: path.join(root, 'a b.js') });
  });

  test.each([
    ['/../secret.txt', 403],
    ['/assets/../../secret.txt', 403],
    ['/%2e%2e/secret.txt', 403],
    ['/%2E%2E%2Fsecret.txt', 403],
    ['/assets%2F..%2F..%2Fsecret.txt', 403],
    ['/..%5csecret.txt', 400],
    ['/assets\\..\\..\\secret.txt', 400],
    ['/%00index.html', 400],
    ['/%E0%A4%A', 400],
    ['/C:/Windows/win.ini', 403],
    ['/../renderer-evil/x.js', 403],
  ])('refuses %s with %i', (p, status) => {
    const r = resolveBundlePath(root, p);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.status).toBe(status);
  });
});

describe('resolveBundleFile (real paths)', () => {
  test('finds existing files and refuses a symlink that leaves the bundle', async () => {
    expect(await resolveBundleFile(root, '/assets/app.js')).toMatchObject({ ok: true });
    expect(await resolveBundleFile(root, '/assets/link.txt')).toMatchObject({ ok: false, status: 403 });
    expect(await resolveBundleFile(root, '/missing.js')).toMatchObject({ ok: false, status: 404 });
    expect(await resolveBundleFile(root, '/assets')).toMatchObject({ ok: false, status: 404 });
  });
});

describe('handleBundleRequest', () => {
  test('serves files with CSP, COOP, COEP, CORP and a content type', async () => {
    const res = await handleBundleRequest(new Request('app://bundle/assets/app.js'), root);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('console.log(1)');
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });

  test('refusals also carry the security headers', async () => {
    const res = await handleBundleRequest(new Request('app://bundle/%2e%2e/secret.txt'), root);
    expect([403, 404]).toContain(res.status);
    expect(await res.text()).not.toContain('outside the bundle');
    expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
  });

  test('answers only host "bundle" and only GET/HEAD', async () => {
    expect((await handleBundleRequest(new Request('app://other/index.html'), root)).status).toBe(404);
    expect((await handleBundleRequest(new Request('app://bundle/index.html', { method: 'POST', body: 'x' }), root)).status).toBe(405);
    const head = await handleBundleRequest(new Request('app://bundle/index.html', { method: 'HEAD' }), root);
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
