import { describe, expect, test } from 'vitest';
import { CONTENT_SECURITY_POLICY, contentTypeFor, DEV_CONTENT_SECURITY_POLICY, securityHeaders } from '../../electron/main/security-headers.ts';

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
}

describe('Content Security Policy', () => {
  test('production: nothing inline, no eval except WASM compilation, no foreign origins, no plugins or framing', () => {
    const d = directives(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|'unsafe-eval'|\*|http:|https:/);
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
  });

  test('development relaxes only inline scripts/styles and the HMR WebSocket', () => {
    const prod = directives(CONTENT_SECURITY_POLICY);
    const dev = directives(DEV_CONTENT_SECURITY_POLICY);
    expect([...dev.keys()]).toEqual([...prod.keys()]);
    const changed = [...dev.keys()].filter((k) => dev.get(k)!.join(' ') !== prod.get(k)!.join(' '));
    expect(changed).toEqual(['script-src', 'style-src', 'connect-src']);
    expect(dev.get('connect-src')).toEqual(["'self'", 'ws:', 'wss:', 'blob:', 'data:']);
  });

  test('every response gets CSP, isolation and nosniff headers', () => {
    expect(securityHeaders()).toMatchObject({
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'X-Content-Type-Options': 'nosniff',
    });
  });

  test('content types for bundle files', () => {
    expect(contentTypeFor('a/b/index.HTML')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('kernels.wasm')).toBe('application/wasm');
    expect(contentTypeFor('worker-3f2a.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('LICENSE')).toBe('application/octet-stream');
  });
});
