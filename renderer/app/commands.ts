/**
 * Menu commands → actions. One switch for the whole shell; editor features plug in here as they arrive
 * (commands without a feature yet say so in the status bar rather than doing nothing).
 */
import type { MenuCommand } from '../platform/contract.ts';
import type { CanvasView } from '../canvas/Canvas.tsx';
import type { Platform, TextEditCommand } from '../platform/platform.ts';
import type { Theme } from './theme.ts';
import {
  newDocument, openDocument, openRecentDocument, saveDocument, saveDocumentAs, type FileActionContext,
} from './file-actions.ts';

export interface CommandContext {
  platform: Platform;
  files: FileActionContext;
  view: CanvasView | null;
  selectAll(): void;
  deleteSelection(): void;
  duplicateSelection(): void;
  toggleMinimap(): void;
  setTheme(theme: Theme): void;
  showShortcuts(): void;
  status(message: string): void;
}

const TEXT_EDITS = new Set<string>(['undo', 'redo', 'cut', 'copy', 'paste', 'select-all']);

function focusedTextField(): boolean {
  const el = document.activeElement;
  return el instanceof HTMLTextAreaElement || (el instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'range'].includes(el.type))
    || (el instanceof HTMLElement && el.isContentEditable);
}

const LATER: Partial<Record<MenuCommand['type'], string>> = {
  'import-weights': 'Importing weights', 'export-weights': 'Exporting weights', 'export-code': 'Exporting PyTorch code',
  'export-image': 'Exporting an image', undo: 'Undo', redo: 'Redo', cut: 'Cut', copy: 'Copy', paste: 'Paste',
  'train-start': 'Training', 'train-pause': 'Pausing training', 'train-step': 'Stepping one batch', 'train-stop': 'Stopping training',
};

export async function runCommand(command: MenuCommand, ctx: CommandContext): Promise<void> {
  if (TEXT_EDITS.has(command.type) && focusedTextField()) {
    ctx.platform.editFocusedText(command.type as TextEditCommand);
    return;
  }
  switch (command.type) {
    case 'new': return newDocument(ctx.files);
    case 'open': return openDocument(ctx.files);
    case 'open-recent': return openRecentDocument(ctx.files, command.fileId);
    case 'save': await saveDocument(ctx.files); return;
    case 'save-as': await saveDocumentAs(ctx.files); return;
    case 'select-all': return ctx.selectAll();
    case 'delete': return ctx.deleteSelection();
    case 'duplicate': return ctx.duplicateSelection();
    case 'zoom-in': return ctx.view?.zoomIn();
    case 'zoom-out': return ctx.view?.zoomOut();
    case 'zoom-reset': return ctx.view?.zoomReset();
    case 'fit-view': return ctx.view?.fitView();
    case 'toggle-minimap': return ctx.toggleMinimap();
    case 'set-theme': return ctx.setTheme(command.theme);
    case 'show-shortcuts': return ctx.showShortcuts();
    case 'about': return ctx.status('Netsketch 0.1.0: build, train and export PyTorch networks visually.');
    default: {
      const what = LATER[command.type] ?? command.type;
      ctx.status(`${what} is not available yet in this build.`);
    }
  }
}
