/** New / Open / Save / Save As for the shell, over the Platform and the document store. */
import type { Platform } from '../platform/platform.ts';
import type { DocumentStore } from '../state/document-store.ts';
import { parseProject, type ProjectFile } from '../state/project-file.ts';

export interface FileActionContext {
  platform: Platform;
  doc: DocumentStore;
  /** Current project file bytes. */
  serialize(): Uint8Array;
  /** Replaces the canvas with a loaded project (or the starter graph when `null`). */
  load(project: ProjectFile | null): void;
  /** Asks before discarding unsaved changes; true to go on. */
  confirmDiscard(): boolean;
  status(message: string): void;
}

export async function newDocument(ctx: FileActionContext): Promise<void> {
  if (ctx.doc.get().dirty && !ctx.confirmDiscard()) return;
  ctx.load(null);
  ctx.doc.replace(null);
  ctx.status('New document');
}

async function openWith(ctx: FileActionContext, pick: () => Promise<{ fileId: string; name: string; bytes: Uint8Array } | null>): Promise<void> {
  if (ctx.doc.get().dirty && !ctx.confirmDiscard()) return;
  const opened = await pick();
  if (!opened) return;
  ctx.load(parseProject(opened.bytes, opened.name));
  ctx.doc.replace(opened);
  ctx.status(`Opened ${opened.name}`);
}

/** Restores a recovery copy as an unsaved document (Save goes to its original file when known). */
export async function restoreDocument(ctx: FileActionContext, documentId: string): Promise<void> {
  if (ctx.doc.get().dirty && !ctx.confirmDiscard()) return;
  const recovered = await ctx.platform.openRecovery(documentId);
  ctx.load(parseProject(recovered.bytes, recovered.name));
  ctx.doc.restore(recovered.documentId, recovered.file, recovered.name);
  ctx.status(`Restored ${recovered.name}; save it to keep the changes.`);
}

export const openDocument = (ctx: FileActionContext) => openWith(ctx, () => ctx.platform.openProject());
export const openRecentDocument = (ctx: FileActionContext, fileId: string) => openWith(ctx, () => ctx.platform.openRecent(fileId));

/** Save As; returns true when the document was written. */
export async function saveDocumentAs(ctx: FileActionContext): Promise<boolean> {
  const ref = await ctx.platform.saveProjectAs(ctx.serialize(), ctx.doc.get().fileName ?? 'untitled.netsketch');
  if (!ref) return false;
  ctx.doc.markSaved(ref);
  ctx.status(`Saved ${ref.name}`);
  return true;
}

/** Save (Save As for a document never saved); returns true when the document was written. */
export async function saveDocument(ctx: FileActionContext): Promise<boolean> {
  const { fileId } = ctx.doc.get();
  if (!fileId) return saveDocumentAs(ctx);
  const ref = await ctx.platform.saveProject(fileId, ctx.serialize());
  ctx.doc.markSaved(ref);
  ctx.status(`Saved ${ref.name}`);
  return true;
}
