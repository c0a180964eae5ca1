/**
 * Menu commands → actions. One switch for the whole app: native menu items (Electron), keyboard shortcuts and the
 * browser's in-app menu bar all arrive here as MenuCommands from the menu table.
 */
import type { MenuCommand } from '../platform/contract.ts';
import type { CanvasView } from '../canvas/Canvas.tsx';
import type { Platform, TextEditCommand } from '../platform/platform.ts';
import { t } from '../i18n/index.ts';
import type { Theme } from './theme.ts';
import type { EditorActions } from './editor-actions.ts';
import {
  newDocument, openDocument, openRecentDocument, saveDocument, saveDocumentAs, type FileActionContext,
} from './file-actions.ts';

export interface CommandContext {
  platform: Platform;
  files: FileActionContext;
  view: CanvasView | null;
  editor: EditorActions;
  exportCode(): Promise<void>;
  exportImage(format: 'png' | 'svg'): Promise<void>;
  exportWeights(format: 'pt' | 'safetensors'): Promise<void>;
  importWeights(): Promise<void>;
  train(action: 'start' | 'pause' | 'step' | 'stop'): Promise<void>;
  toggleMinimap(): void;
  /** Opens the template picker. */
  openTemplates(): void;
  /** Auto-layout of the whole graph, and the direction new layouts and wires follow. */
  layout(direction: 'LR' | 'TB'): Promise<void>;
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

export async function runCommand(command: MenuCommand, ctx: CommandContext): Promise<void> {
  if (TEXT_EDITS.has(command.type) && focusedTextField()) {
    ctx.platform.editFocusedText(command.type as TextEditCommand);
    return;
  }
  switch (command.type) {
    case 'new': return newDocument(ctx.files);
    case 'new-from-template': return ctx.openTemplates();
    case 'open': return openDocument(ctx.files);
    case 'open-recent': return openRecentDocument(ctx.files, command.fileId);
    case 'save': await saveDocument(ctx.files); return;
    case 'save-as': await saveDocumentAs(ctx.files); return;
    case 'import-weights': return ctx.importWeights();
    case 'export-weights': return ctx.exportWeights(command.format);
    case 'export-code': return ctx.exportCode();
    case 'export-image': return ctx.exportImage(command.format);
    case 'undo': return ctx.editor.undo();
    case 'redo': return ctx.editor.redo();
    case 'cut': return ctx.editor.cut();
    case 'copy': ctx.editor.copy(); return;
    case 'paste': return ctx.editor.paste();
    case 'select-all': return ctx.editor.selectAll();
    case 'delete': return ctx.editor.deleteSelection();
    case 'duplicate': return ctx.editor.duplicate();
    case 'group': return ctx.editor.group();
    case 'ungroup': return ctx.editor.ungroup();
    case 'zoom-in': return ctx.view?.zoomIn();
    case 'zoom-out': return ctx.view?.zoomOut();
    case 'zoom-reset': return ctx.view?.zoomReset();
    case 'fit-view': return ctx.view?.fitView();
    case 'layout-lr': return ctx.layout('LR');
    case 'layout-tb': return ctx.layout('TB');
    case 'toggle-minimap': return ctx.toggleMinimap();
    case 'set-theme': return ctx.setTheme(command.theme);
    case 'train-start': return ctx.train('start');
    case 'train-pause': return ctx.train('pause');
    case 'train-step': return ctx.train('step');
    case 'train-stop': return ctx.train('stop');
    case 'show-shortcuts': return ctx.showShortcuts();
    case 'about': return ctx.status(t('app.about'));
  }
}
