/** The generated PyTorch file for the current graph, regenerated as the graph changes, with Copy and Download. */
import { memo, useMemo, useState } from 'react';
import { generate_pytorch } from '../../core/graph/codegen.ts';
import type { GraphDocument } from '../../core/graph/types.ts';
import type { Analysis } from '../../core/graph/validate.ts';
import { useT } from '../i18n/index.ts';

export interface CodePanelProps {
  doc: GraphDocument;
  analysis: Analysis;
  onDownload(code: string): void;
}

function CodePanelView({ doc, analysis, onDownload }: CodePanelProps) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  const result = useMemo(() => {
    if (!analysis.ok) return { code: null, error: null };
    try {
      return { code: generate_pytorch(doc), error: null };
    } catch (err) {
      return { code: null, error: (err as Error).message };
    }
  }, [doc, analysis]);
  const copy = async () => {
    if (!result.code) return;
    try {
      await navigator.clipboard.writeText(result.code);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false);
    }
  };
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  return (
    <div className="code-panel" data-testid="code-panel">
      <div className="code-panel__bar">
        <span className="code-panel__title">{t('code.title')}</span>
        <button type="button" className="button" disabled={!result.code} onClick={() => void copy()} data-testid="code-copy">{copied ? t('code.copied') : t('code.copy')}</button>
        <button type="button" className="button" disabled={!result.code} onClick={() => result.code && onDownload(result.code)} data-testid="code-download">{t('code.download')}</button>
      </div>
      {result.code ? (
        <pre className="code-panel__code" data-testid="code"><code>{result.code}</code></pre>
      ) : (
        <div className="code-panel__blocked">
          <p>{t('code.blocked')}</p>
          <ul>
            {errors.map((d, i) => <li key={i}>{d.message}</li>)}
            {result.error && <li>{result.error}</li>}
          </ul>
        </div>
      )}
    </div>
  );
}

export const CodePanel = memo(CodePanelView);
