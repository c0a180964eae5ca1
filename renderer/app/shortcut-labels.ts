/** Shortcut text for a command, read from the menu table (the source of truth), for menus and tooltips. */
import { MENU_SPEC, type MenuCommand, type MenuEntry } from '../platform/contract.ts';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

function find(entries: readonly MenuEntry[], command: MenuCommand): string | undefined {
  for (const e of entries) {
    if ('submenu' in e) {
      const r = find(e.submenu, command);
      if (r) return r;
    } else if ('command' in e && JSON.stringify(e.command) === JSON.stringify(command)) {
      return e.accelerator;
    }
  }
  return undefined;
}

/** "Ctrl+Shift+Z" / "⌘⇧Z" for display. */
export function formatAccelerator(acc: string): string {
  if (isMac) return acc.replace('CmdOrCtrl+', '⌘').replace('Shift+', '⇧').replace('Alt+', '⌥');
  return acc.replace('CmdOrCtrl', 'Ctrl');
}

export function shortcutFor(command: MenuCommand): string | null {
  for (const m of MENU_SPEC) {
    const acc = find(m.entries, command);
    if (acc) return formatAccelerator(acc);
  }
  return null;
}

/** "Undo (Ctrl+Z)". */
export function withShortcut(label: string, command: MenuCommand): string {
  const s = shortcutFor(command);
  return s ? `${label} (${s})` : label;
}

/** The i18n key of a menu command's label. */
export function commandKey(command: MenuCommand): string {
  switch (command.type) {
    case 'export-weights': return `cmd.export-weights.${command.format}`;
    case 'export-image': return `cmd.export-image.${command.format}`;
    case 'set-theme': return `cmd.theme-${command.theme}`;
    default: return `cmd.${command.type}`;
  }
}
