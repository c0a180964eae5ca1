/**
 * Builds Electron's menu template from the shared menu table (electron/ipc/menu.ts). Items send a typed
 * `MenuCommand` to the focused window; Help links go through the external-link allowlist. Only types are
 * imported from Electron, so the template is unit-tested without the binary.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { RecentFile } from '../ipc/contract.ts';
import type { MenuCommand, MenuEntry, MenuSpec } from '../ipc/menu.ts';

export interface MenuContext {
  isMac: boolean;
  /** Development build: adds Reload and Developer Tools to View. */
  isDev: boolean;
  appName: string;
  recent: readonly RecentFile[];
  send(command: MenuCommand): void;
  openExternal(url: string): void;
}

function label(text: string, ctx: MenuContext): string {
  // `&` marks the Alt mnemonic on Windows/Linux; macOS has none.
  return ctx.isMac ? text.replace(/&(?!&)/g, '') : text;
}

function entry(e: MenuEntry, ctx: MenuContext): MenuItemConstructorOptions {
  if ('separator' in e) return { type: 'separator' };
  if ('recentFiles' in e) {
    const submenu: MenuItemConstructorOptions[] = ctx.recent.length === 0
      ? [{ label: 'No Recent Files', enabled: false }]
      : ctx.recent.map((r) => ({
        label: `${r.folder ? `${r.name} — ${r.folder}` : r.name}${r.missing ? ' (not found)' : ''}`,
        click: () => ctx.send({ type: 'open-recent', fileId: r.fileId }),
      }));
    return { label: label(e.label, ctx), submenu };
  }
  if ('submenu' in e) return { label: label(e.label, ctx), submenu: e.submenu.map((s) => entry(s, ctx)) };
  if ('externalUrl' in e) {
    const url = e.externalUrl;
    return { label: label(e.label, ctx), click: () => ctx.openExternal(url) };
  }
  const command = e.command;
  return {
    label: label(e.label, ctx),
    ...(e.accelerator ? { accelerator: e.accelerator } : {}),
    click: () => ctx.send(command),
  };
}

/** The full application menu for one platform. */
export function buildMenuTemplate(spec: readonly MenuSpec[], ctx: MenuContext): MenuItemConstructorOptions[] {
  const menus: MenuItemConstructorOptions[] = spec.map((m) => {
    const submenu = m.entries.map((e) => entry(e, ctx));
    const name = m.label.replace(/&/g, '');
    if (name === 'File') {
      submenu.push({ type: 'separator' }, { role: 'close' });
      if (!ctx.isMac) submenu.push({ role: 'quit' });
    }
    if (name === 'View' && ctx.isDev) submenu.push({ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' });
    return { label: label(m.label, ctx), submenu };
  });
  if (ctx.isMac) {
    menus.unshift({
      label: ctx.appName,
      submenu: [
        { role: 'about' }, { type: 'separator' }, { role: 'services' }, { type: 'separator' },
        { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' },
      ],
    });
    menus.splice(menus.length - 1, 0, { role: 'windowMenu' });
  }
  return menus;
}
