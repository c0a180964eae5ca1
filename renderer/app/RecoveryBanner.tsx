/** Offers unsaved work left by a crashed or closed session: Restore or Discard, one document at a time. */
import { useT } from '../i18n/index.ts';
import type { RecoverableDocument } from '../platform/platform.ts';

export interface RecoveryBannerProps {
  documents: RecoverableDocument[];
  onRestore(documentId: string): void;
  onDiscard(documentId: string): void;
}

export function RecoveryBanner({ documents, onRestore, onDiscard }: RecoveryBannerProps) {
  const t = useT();
  const first = documents[0]!;
  const when = new Date(first.savedAt).toLocaleString();
  return (
    <div className="recovery-banner" role="alert" data-testid="recovery-banner">
      <span>
        {t('recovery.text', { name: first.name, when })}
        {documents.length > 1 && ` ${t('recovery.more', { count: documents.length - 1 })}`}
      </span>
      <button type="button" className="button" onClick={() => onRestore(first.documentId)}>{t('recovery.restore')}</button>
      <button type="button" className="button" onClick={() => onDiscard(first.documentId)}>{t('recovery.discard')}</button>
    </div>
  );
}
