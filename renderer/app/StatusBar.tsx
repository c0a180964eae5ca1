/** Bottom bar: document state, the last message, graph health, shared-memory status and which shell. */
import type { Analysis } from '../../core/graph/validate.ts';
import { useT } from '../i18n/index.ts';
import type { DocumentState } from '../state/document-store.ts';
import type { SharedMemoryStatus } from './shared-memory.ts';

export interface StatusBarProps {
  platform: 'electron' | 'browser';
  document: DocumentState;
  message: string;
  sharedMemory: SharedMemoryStatus | null;
  analysis: Analysis;
  nodeCount: number;
}

export function StatusBar({ platform, document, message, sharedMemory, analysis, nodeCount }: StatusBarProps) {
  const t = useT();
  const memory = sharedMemory === null ? 'checking' : sharedMemory.sharedWithWorker ? 'available' : 'unavailable';
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = analysis.diagnostics.filter((d) => d.severity === 'warning').length;
  return (
    <footer className="status-bar">
      <span data-testid="status-document">{document.dirty ? '• ' : ''}{document.fileName ?? t('app.untitled')}</span>
      <span className="status-bar__message" role="status" data-testid="status-message">{message}</span>
      <span data-testid="status-graph">{t('status.nodes', { nodes: nodeCount, params: analysis.totalParams.toLocaleString() })}</span>
      {nodeCount === 0 ? (
        <span className="status-bar__health muted" data-testid="status-health">{t('status.emptyGraph')}</span>
      ) : (
        <span className={`status-bar__health${errors ? ' is-error' : warnings ? ' is-warning' : ''}`} data-testid="status-health">
          {errors === 1 ? t('status.error1') : errors ? t('status.errors', { count: errors })
            : warnings === 1 ? t('status.warning1') : warnings ? t('status.warnings', { count: warnings }) : t('status.ok')}
        </span>
      )}
      <span
        data-testid="status-shared-memory"
        data-state={sharedMemory === null ? 'pending' : sharedMemory.sharedWithWorker ? 'ok' : 'failed'}
        title={sharedMemory?.detail ?? ''}
      >
        {t('status.sharedMemory', { state: t(`status.sharedMemory.${memory}`) })}
      </span>
      <span data-testid="status-platform">{t(`status.platform.${platform}`)}</span>
    </footer>
  );
}
