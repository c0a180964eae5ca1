/** Offers unsaved work left by a crashed or closed session: Restore or Discard, one document at a time. */
import type { RecoverableDocument } from '../platform/platform.ts';

export interface RecoveryBannerProps {
  documents: RecoverableDocument[];
  onRestore(documentId: string): void;
  onDiscard(documentId: string): void;
}

export function RecoveryBanner({ documents, onRestore, onDiscard }: RecoveryBannerProps) {
  const first = documents[0]!;
  const when = new Date(first.savedAt).toLocaleString();
  return (
    <div className="recovery-banner" role="alert" data-testid="recovery-banner">
      <span>
        Unsaved changes to <strong>{first.name}</strong> from {when} were recovered.
        {documents.length > 1 && ` (${documents.length - 1} more after this one)`}
      </span>
      <button type="button" onClick={() => onRestore(first.documentId)}>Restore</button>
      <button type="button" onClick={() => onDiscard(first.documentId)}>Discard</button>
    </div>
  );
}
