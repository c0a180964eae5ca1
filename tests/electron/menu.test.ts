import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, test, vi } from 'vitest';
import { DOCS_URL, MENU_SPEC, type MenuCommand } from '../../electron/ipc/menu.ts';
import type { RecentFile } from '../../electron/ipc/contract.ts';
import { buildMenuTemplate } from '../../electron/main/menu-template.ts';
import { isAllowedExternalUrl } from '../../electron/main/trust.ts';

function flatten(items: MenuItemConstructorOptions[], trail = ''): { path: string; item: MenuItemConstructorOptions }[] {
  return items.flatMap((item) => {
    const p = `${trail}/${item.label ?? item.role ?? item.type}`;
    return [{ path: p, item }, ...(Array.isArray(item.submenu) ? flatten(item.submenu, p) : [])];
  });
}

function build(isMac: boolean, recent: RecentFile[] = [{ fileId: 'id-1', name: 'mnist.netsketch', folder: 'nets' }]) {
  const send = vi.fn<(c: MenuCommand) => void>();
  const openExternal = vi.fn<(u: string) => void>();
  const template = buildMenuTemplate(MENU_SPEC, { isMac, isDev: false, appName: 'Netsketch', recent, send, openExternal });
  return { template, send, openExternal, items: flatten(template) };
}

function click(item: MenuItemConstructorOptions) {
  (item.click as () => void)();
}

describe('native menu (issue 7)', () => {
  test('has File, Edit, View, Train, Help with the required items', () => {
    const { template, items } = build(false);
    expect(template.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Train', '&Help']);
    const paths = items.map((i) => i.path);
    for (const p of [
      '/&File/New', '/&File/Open…', '/&File/Open Recent', '/&File/Save', '/&File/Save As…', '/&File/Import Weights…',
      '/&File/Export Weights/PyTorch state_dict (.pt)…', '/&File/Export Weights/safetensors (.safetensors)…',
      '/&File/Export PyTorch Code…', '/&File/Export Image/PNG…', '/&File/Export Image/SVG…', '/&File/quit',
      '/&Edit/Undo', '/&Edit/Redo', '/&Edit/Cut', '/&Edit/Copy', '/&Edit/Paste', '/&Edit/Duplicate', '/&Edit/Delete', '/&Edit/Select All',
      '/&View/Zoom In', '/&View/Zoom Out', '/&View/Fit to Window', '/&View/Toggle Minimap', '/&View/Dark Theme', '/&View/Light Theme',
      '/&Train/Start', '/&Train/Pause', '/&Train/Step One Batch', '/&Train/Stop', '/&Help/About Netsketch',
      '/&File/New from Template…', '/&Edit/Group into Block', '/&Edit/Ungroup',
      '/&View/Auto-layout Left to Right', '/&View/Auto-layout Top to Bottom',
    ]) expect(paths).toContain(p);
    expect(paths.some((p) => p.includes('toggleDevTools'))).toBe(false);
  });

  test('items send their typed command', () => {
    const { items, send } = build(false);
    const find = (p: string) => items.find((i) => i.path === p)!.item;
    click(find('/&File/Save As…'));
    click(find('/&File/Export Weights/safetensors (.safetensors)…'));
    click(find('/&View/Light Theme'));
    click(find('/&Train/Step One Batch'));
    click(find('/&File/Open Recent/mnist.netsketch — nets'));
    expect(send.mock.calls.map((c) => c[0])).toEqual([
      { type: 'save-as' }, { type: 'export-weights', format: 'safetensors' }, { type: 'set-theme', theme: 'light' },
      { type: 'train-step' }, { type: 'open-recent', fileId: 'id-1' },
    ]);
  });

  test('templates, blocks and auto-layout are native items with their own keys', () => {
    const { items, send } = build(false);
    const find = (p: string) => items.find((i) => i.path === p)!.item;
    const paths = ['/&File/New from Template…', '/&Edit/Group into Block', '/&Edit/Ungroup',
      '/&View/Auto-layout Left to Right', '/&View/Auto-layout Top to Bottom'];
    for (const p of paths) click(find(p));
    expect(send.mock.calls.map((c) => c[0])).toEqual([
      { type: 'new-from-template' }, { type: 'group' }, { type: 'ungroup' }, { type: 'layout-lr' }, { type: 'layout-tb' },
    ]);
    expect(paths.map((p) => find(p).accelerator)).toEqual([
      'CmdOrCtrl+Alt+N', 'CmdOrCtrl+G', 'CmdOrCtrl+Shift+G', 'CmdOrCtrl+Shift+L', 'CmdOrCtrl+Shift+K',
    ]);
    const accelerators = items.map((i) => i.item.accelerator).filter((a): a is string => typeof a === 'string');
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });

  test('Help links are on the external allowlist and go through openExternal', () => {
    const { items, openExternal } = build(false);
    expect(isAllowedExternalUrl(DOCS_URL)).toBe(true);
    click(items.find((i) => i.path === '/&Help/PyTorch nn Reference')!.item);
    expect(openExternal).toHaveBeenCalledWith(DOCS_URL);
  });

  test('Open Recent marks files that were not found, and still offers them', () => {
    const { items, send } = build(false, [
      { fileId: 'id-1', name: 'here.netsketch', folder: 'nets' },
      { fileId: 'id-2', name: 'gone.netsketch', folder: 'usb', missing: true },
    ]);
    const recent = items.filter((i) => i.path.startsWith('/&File/Open Recent/')).map((i) => i.path.slice('/&File/Open Recent/'.length));
    expect(recent).toEqual(['here.netsketch — nets', 'gone.netsketch — usb (not found)']);
    click(items.find((i) => i.path.endsWith('(not found)'))!.item);
    expect(send).toHaveBeenCalledWith({ type: 'open-recent', fileId: 'id-2' });
  });

  test('an empty recent list shows a disabled placeholder', () => {
    const { items } = build(false, []);
    expect(items.find((i) => i.path === '/&File/Open Recent/No Recent Files')!.item.enabled).toBe(false);
  });

  test('macOS gets the app menu and Window menu, no mnemonics, Quit only in the app menu', () => {
    const { template, items } = build(true);
    expect(template.map((m) => m.label ?? m.role)).toEqual(['Netsketch', 'File', 'Edit', 'View', 'Train', 'windowMenu', 'Help']);
    expect(items.filter((i) => i.item.role === 'quit').map((i) => i.path)).toEqual(['/Netsketch/quit']);
  });
});
