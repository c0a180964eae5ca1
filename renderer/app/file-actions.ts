/** New / Open / Save / Save As over the Platform, the document store and the core/project file format. */
import { t } from '../i18n/index.ts';
import type { Platform } from '../platform/platform.ts';
import type { DocumentStore } from '../state/document-store.ts';
import { parseProject, type OpenedDocument } from '../state/project-file.ts';

export interface FileActionContext {
  platform: Platform;
  doc: DocumentStore;
  /** Current project file bytes. */
  serialize(): Uint8Array;
  /** Replaces the editor's document with an opened one (or a blank graph when `null`). */
  load(opened: OpenedDocument | null): void;
  /** Asks before discarding unsaved changes; true to go on. */
  confirmDiscard(): boolean;
  status(message: string): void;
}

export async function newDocument(ctx: FileActionContext): Promise<void> {
  if (ctx.doc.get().dirty && !ctx.confirmDiscard()) return;
  ctx.load(null);
  ctx.doc.replace(null);
  ctx.status(t('status.new'));
}

async function openWith(ctx: FileActionContext, pick: () => Promise<{ fileId: string; name: string; bytes: Uint8Array } | null>): Promise<void> {
  if (ctx.doc.get().dirty && !ctx.confirmDiscard()) return;
  const opened = await pick();
  if (!opened) return;
  let parsed: OpenedDocument;
  try {
    parsed = parseProject(opened.bytes, opened.name);
  } catch (err) {
    ctx.status((err as Error).message);
    return;
  }
  ctx.load(parsed);
  // A bare graph JSON opens as a new, unsaved project (Save writes a .netsketch next to it, never over the JSON).
  ctx.doc.replace(parsed.project ? opened : null);
  ctx.status(t('status.opened', { name: opened.name }));
}

/** Restores a recovery copy as an unsaved document (Save goes to its original file when known). */
export async function restoreDocument(ctx: FileActionContext, documentId: string): Promise<void> {
  if (ctx.doc.get().dirty && !ctx.confirmDiscard()) return;
  const recovered = await ctx.platform.openRecovery(documentId);
  ctx.load(parseProject(recovered.bytes, recovered.name));
  ctx.doc.restore(recovered.documentId, recovered.file, recovered.name);
  ctx.status(t('status.restored', { name: recovered.name }));
}

export const openDocument = (ctx: FileActionContext) => openWith(ctx, () => ctx.platform.openProject());
export const openRecentDocument = (ctx: FileActionContext, fileId: string) => openWith(ctx, () => ctx.platform.openRecent(fileId));

/** Save As; returns true when the document was written. */
export async function saveDocumentAs(ctx: FileActionContext): Promise<boolean> {
  const ref = await ctx.platform.saveProjectAs(ctx.serialize(), ctx.doc.get().fileName ?? 'untitled.netsketch');
  if (!ref) return false;
  ctx.doc.markSaved(ref);
  ctx.status(t('status.saved', { name: ref.name }));
  return true;
}

/** Save (Save As for a document never saved); returns true when the document was written. */
export async function saveDocument(ctx: FileActionContext): Promise<boolean> {
  const { fileId } = ctx.doc.get();
  if (!fileId) return saveDocumentAs(ctx);
  const ref = await ctx.platform.saveProject(fileId, ctx.serialize());
  ctx.doc.markSaved(ref);
  ctx.status(t('status.saved', { name: ref.name }));
  return true;
}
