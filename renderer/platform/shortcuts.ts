/**
 * Keyboard shortcuts for the browser build, derived from the same menu table as Electron's native menu, so a
 * key does the same thing in both shells. Accelerators use Electron's syntax (`CmdOrCtrl+Shift+S`, `F5`).
 */
import type { MenuCommand, MenuEntry, MenuSpec } from './contract.ts';

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

export interface Accelerator {
  /** Cmd on macOS, Ctrl elsewhere. */
  mod: boolean;
  shift: boolean;
  alt: boolean;
  /** Lower-case key as in `KeyboardEvent.key` (`s`, `=`, `f5`). */
  key: string;
}

/** Parses an Electron accelerator string; throws on modifiers it does not know. */
export function parseAccelerator(text: string): Accelerator {
  const parts = text.split('+');
  // `CmdOrCtrl++` would split into an empty last part: the key is "+" then.
  const key = parts[parts.length - 1] === '' ? '+' : parts[parts.length - 1]!;
  const acc: Accelerator = { mod: false, shift: false, alt: false, key: key.toLowerCase() };
  for (const m of parts.slice(0, parts[parts.length - 1] === '' ? -2 : -1)) {
    switch (m) {
      case 'CmdOrCtrl': case 'CommandOrControl': acc.mod = true; break;
      case 'Shift': acc.shift = true; break;
      case 'Alt': case 'Option': acc.alt = true; break;
      default: throw new Error(`parseAccelerator: unknown modifier ${JSON.stringify(m)} in ${JSON.stringify(text)}; use CmdOrCtrl, Shift or Alt.`);
    }
  }
  return acc;
}

export function matchesAccelerator(acc: Accelerator, e: KeyLike, isMac: boolean): boolean {
  const mod = isMac ? e.metaKey : e.ctrlKey;
  const otherMod = isMac ? e.ctrlKey : e.metaKey;
  return mod === acc.mod && !otherMod && e.shiftKey === acc.shift && e.altKey === acc.alt && e.key.toLowerCase() === acc.key;
}

export interface Shortcut {
  accelerator: Accelerator;
  command: MenuCommand;
}

function collect(entries: readonly MenuEntry[], out: Shortcut[]): void {
  for (const e of entries) {
    if ('submenu' in e) collect(e.submenu, out);
    else if ('command' in e && e.accelerator) out.push({ accelerator: parseAccelerator(e.accelerator), command: e.command });
  }
}

/** Every item with an accelerator in the menu table. */
export function shortcutTable(spec: readonly MenuSpec[]): Shortcut[] {
  const out: Shortcut[] = [];
  for (const m of spec) collect(m.entries, out);
  return out;
}

/** The command a key press triggers, if any. */
export function commandForKey(table: readonly Shortcut[], e: KeyLike, isMac: boolean): MenuCommand | null {
  return table.find((s) => matchesAccelerator(s.accelerator, e, isMac))?.command ?? null;
}
