/**
 * The application menu as data: one table drives the native Electron menu (main) and the keyboard shortcuts of
 * the browser build (renderer/platform), so both shells offer the same commands with the same keys.
 * Types and constants only; no runtime imports.
 */

/** Commands that carry no arguments. */
export const SIMPLE_COMMANDS = [
  'new', 'new-from-template', 'open', 'save', 'save-as', 'import-weights', 'export-code',
  'undo', 'redo', 'cut', 'copy', 'paste', 'duplicate', 'delete', 'select-all', 'group', 'ungroup',
  'zoom-in', 'zoom-out', 'zoom-reset', 'fit-view', 'layout-lr', 'layout-tb', 'toggle-minimap',
  'train-start', 'train-pause', 'train-step', 'train-stop',
  'show-shortcuts', 'about',
] as const;
export type SimpleCommand = (typeof SIMPLE_COMMANDS)[number];

/** A command sent from a menu item (or shortcut) to the renderer. */
export type MenuCommand =
  | { type: SimpleCommand }
  | { type: 'open-recent'; fileId: string }
  | { type: 'export-weights'; format: 'pt' | 'safetensors' }
  | { type: 'export-image'; format: 'png' | 'svg' }
  | { type: 'set-theme'; theme: 'dark' | 'light' };

/** Edit commands that act on a focused text field natively instead of on the canvas. */
export const TEXT_EDIT_COMMANDS = ['undo', 'redo', 'cut', 'copy', 'paste', 'select-all'] as const;

/** One clickable menu entry. `accelerator` uses Electron's syntax (`CmdOrCtrl+Shift+S`). */
export interface MenuItemSpec {
  label: string;
  accelerator?: string;
  command: MenuCommand;
}

/** An entry: an item, a separator, the Open Recent submenu (filled by main), or a submenu. */
export type MenuEntry =
  | MenuItemSpec
  | { separator: true }
  | { recentFiles: true; label: string }
  | { label: string; submenu: MenuEntry[] }
  | { label: string; externalUrl: string };

export interface MenuSpec {
  label: string;
  entries: MenuEntry[];
}

/** Documentation link offered in Help; it must be on main's external-link allowlist. */
export const DOCS_URL = 'https://docs.pytorch.org/docs/stable/nn.html';

const SEP = { separator: true } as const;

/** The menus of issue 7, in order. */
export const MENU_SPEC: readonly MenuSpec[] = [
  {
    label: '&File',
    entries: [
      { label: 'New', accelerator: 'CmdOrCtrl+N', command: { type: 'new' } },
      // Not Ctrl+Shift+N: browsers keep that key (private window), and the browser build shares this table.
      { label: 'New from Template…', accelerator: 'CmdOrCtrl+Alt+N', command: { type: 'new-from-template' } },
      { label: 'Open…', accelerator: 'CmdOrCtrl+O', command: { type: 'open' } },
      { recentFiles: true, label: 'Open Recent' },
      SEP,
      { label: 'Save', accelerator: 'CmdOrCtrl+S', command: { type: 'save' } },
      { label: 'Save As…', accelerator: 'CmdOrCtrl+Shift+S', command: { type: 'save-as' } },
      SEP,
      { label: 'Import Weights…', command: { type: 'import-weights' } },
      {
        label: 'Export Weights',
        submenu: [
          { label: 'PyTorch state_dict (.pt)…', command: { type: 'export-weights', format: 'pt' } },
          { label: 'safetensors (.safetensors)…', command: { type: 'export-weights', format: 'safetensors' } },
        ],
      },
      { label: 'Export PyTorch Code…', command: { type: 'export-code' } },
      {
        label: 'Export Image',
        submenu: [
          { label: 'PNG…', command: { type: 'export-image', format: 'png' } },
          { label: 'SVG…', command: { type: 'export-image', format: 'svg' } },
        ],
      },
    ],
  },
  {
    label: '&Edit',
    entries: [
      { label: 'Undo', accelerator: 'CmdOrCtrl+Z', command: { type: 'undo' } },
      { label: 'Redo', accelerator: 'CmdOrCtrl+Shift+Z', command: { type: 'redo' } },
      SEP,
      { label: 'Cut', accelerator: 'CmdOrCtrl+X', command: { type: 'cut' } },
      { label: 'Copy', accelerator: 'CmdOrCtrl+C', command: { type: 'copy' } },
      { label: 'Paste', accelerator: 'CmdOrCtrl+V', command: { type: 'paste' } },
      { label: 'Duplicate', accelerator: 'CmdOrCtrl+D', command: { type: 'duplicate' } },
      // No accelerator: Delete/Backspace must keep working in text fields; the canvas handles those keys itself.
      { label: 'Delete', command: { type: 'delete' } },
      SEP,
      { label: 'Select All', accelerator: 'CmdOrCtrl+A', command: { type: 'select-all' } },
      SEP,
      { label: 'Group into Block', accelerator: 'CmdOrCtrl+G', command: { type: 'group' } },
      { label: 'Ungroup', accelerator: 'CmdOrCtrl+Shift+G', command: { type: 'ungroup' } },
    ],
  },
  {
    label: '&View',
    entries: [
      { label: 'Zoom In', accelerator: 'CmdOrCtrl+=', command: { type: 'zoom-in' } },
      { label: 'Zoom Out', accelerator: 'CmdOrCtrl+-', command: { type: 'zoom-out' } },
      { label: 'Actual Size', accelerator: 'CmdOrCtrl+0', command: { type: 'zoom-reset' } },
      { label: 'Fit to Window', accelerator: 'CmdOrCtrl+1', command: { type: 'fit-view' } },
      SEP,
      { label: 'Auto-layout Left to Right', accelerator: 'CmdOrCtrl+Shift+L', command: { type: 'layout-lr' } },
      { label: 'Auto-layout Top to Bottom', accelerator: 'CmdOrCtrl+Shift+K', command: { type: 'layout-tb' } },
      SEP,
      { label: 'Toggle Minimap', accelerator: 'CmdOrCtrl+Shift+M', command: { type: 'toggle-minimap' } },
      { label: 'Dark Theme', command: { type: 'set-theme', theme: 'dark' } },
      { label: 'Light Theme', command: { type: 'set-theme', theme: 'light' } },
    ],
  },
  {
    label: '&Train',
    entries: [
      { label: 'Start', accelerator: 'F5', command: { type: 'train-start' } },
      { label: 'Pause', accelerator: 'F6', command: { type: 'train-pause' } },
      { label: 'Step One Batch', accelerator: 'F10', command: { type: 'train-step' } },
      { label: 'Stop', accelerator: 'Shift+F5', command: { type: 'train-stop' } },
    ],
  },
  {
    label: '&Help',
    entries: [
      { label: 'Keyboard Shortcuts', command: { type: 'show-shortcuts' } },
      { label: 'PyTorch nn Reference', externalUrl: DOCS_URL },
      SEP,
      { label: 'About Netsketch', command: { type: 'about' } },
    ],
  },
];
