/** The weights-import report: what matched, what did not (per node), and the choice to load the matching tensors. */
import { useState } from 'react';
import type { GraphDocument } from '../../../core/graph/types.ts';
import { getEngine } from '../../engine/commands.ts';
import { useEngineState } from '../../engine/store.ts';
import { useT } from '../../i18n/index.ts';

export function ImportReport({ doc, onSelectNode }: { doc: GraphDocument; onSelectNode(id: string): void }) {
  const t = useT();
  const { importCheck } = useEngineState();
  const [error, setError] = useState<string | null>(null);
  if (!importCheck) return null;
  const byNode = new Map<string, typeof importCheck.problems>();
  for (const p of importCheck.problems) {
    const k = p.nodeId ?? '';
    byNode.set(k, [...(byNode.get(k) ?? []), p]);
  }
  const name = (id: string) => doc.nodes.find((n) => n.id === id)?.name ?? t('train.import.noNode');
  return (
    <div className="overlay" role="dialog" aria-modal="true" data-testid="import-report">
      <div className="overlay__panel import-report">
        <h2>{t('train.import.title', { file: importCheck.fileName })}</h2>
        <p>{t('train.import.summary', { ok: importCheck.loadable.length, bad: importCheck.problems.length })}</p>
        {importCheck.strippedPrefix && <p className="muted small">{t('train.import.prefix', { prefix: importCheck.strippedPrefix })}</p>}
        <div className="import-report__list">
          {[...byNode].map(([nodeId, problems]) => (
            <section key={nodeId || 'none'}>
              <h3>{nodeId ? <button type="button" className="link" onClick={() => onSelectNode(nodeId)}>{name(nodeId)}</button> : name(nodeId)}</h3>
              <ul>{problems.map((p) => <li key={p.key} className={`problem problem--${p.kind}`}>{p.message}</li>)}</ul>
            </section>
          ))}
        </div>
        {error && <p className="error-text">{error}</p>}
        <div className="row row--end">
          <button type="button" onClick={() => getEngine().cancelImport()}>{t('train.import.cancel')}</button>
          <button type="button" className="primary" disabled={importCheck.loadable.length === 0} data-testid="import-confirm"
            onClick={() => { getEngine().confirmImport().catch((e: Error) => setError(e.message)); }}>
            {t('train.import.confirm', { n: importCheck.loadable.length })}
          </button>
        </div>
      </div>
    </div>
  );
}
