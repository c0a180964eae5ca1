import { describe, expect, test } from 'vitest';
import { isAllowedExternalUrl, isAppUrl, senderRefusal } from '../../electron/main/trust.ts';

describe('isAppUrl', () => {
  test('accepts app://bundle pages only', () => {
    expect(isAppUrl('app://bundle/index.html', null)).toBe(true);
    expect(isAppUrl('app://bundle/', null)).toBe(true);
    expect(isAppUrl('app://bundle.evil/index.html', null)).toBe(false);
    expect(isAppUrl('app://other/index.html', null)).toBe(false);
    expect(isAppUrl('app://user:pw@bundle/index.html', null)).toBe(false);
    expect(isAppUrl('file:///opt/netsketch/index.html', null)).toBe(false);
    expect(isAppUrl('https://bundle/index.html', null)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', null)).toBe(false);
    expect(isAppUrl('', null)).toBe(false);
    expect(isAppUrl('not a url', null)).toBe(false);
  });

  test('accepts the dev server origin only when one is configured', () => {
    const dev = 'http://localhost:5173';
    expect(isAppUrl('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/index.html', dev)).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/', dev)).toBe(false);
    expect(isAppUrl('app://bundle/index.html', dev)).toBe(true);
  });
});

describe('senderRefusal (the IPC origin check)', () => {
  test('trusts the app main frame', () => {
    expect(senderRefusal({ url: 'app://bundle/index.html', parent: null }, null)).toBeNull();
  });
  test('refuses missing frames, sub-frames and foreign pages with a reason', () => {
    expect(senderRefusal(null, null)).toMatch(/sending frame is gone/);
    expect(senderRefusal({ url: 'app://bundle/index.html', parent: {} }, null)).toMatch(/sub-frame/);
    expect(senderRefusal({ url: 'https://evil.example/', parent: null }, null)).toMatch(/"https:\/\/evil.example\/" is not the Netsketch UI/);
    expect(senderRefusal({ url: 'http://localhost:5173/', parent: null }, null)).toMatch(/not the Netsketch UI/);
  });
});

describe('isAllowedExternalUrl', () => {
  test('allows https links to allow-listed hosts', () => {
    expect(isAllowedExternalUrl('https://docs.pytorch.org/docs/stable/nn.html')).toBe(true);
    expect(isAllowedExternalUrl('https://github.com/pytorch/pytorch')).toBe(true);
  });
  test.each([
    'http://pytorch.org/', 'https://pytorch.org.evil.com/', 'https://evil.com/?https://pytorch.org', 'file:///etc/passwd',
    'javascript:alert(1)', 'https://user@pytorch.org/', 'https://pytorch.org:8443/', 'smb://pytorch.org/share', 'ms-msdt:/id', 42,
  ])('refuses %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});
