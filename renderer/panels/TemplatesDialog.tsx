/** "New from template": the bundled example graphs (and a blank graph), with their size and summary. */
import { useState } from 'react';
import { getSpec } from '../../core/graph/catalogue/index.ts';
import { useT } from '../i18n/index.ts';
import { TEMPLATES, type Template } from '../state/templates.ts';

export interface TemplatesDialogProps {
  onPick(template: Template | null): void;
  onClose(): void;
}

function summary(t: Template): string {
  const kinds = t.doc.nodes.map((n) => n.kind).filter((k) => getSpec(k)?.torchClass && getSpec(k)?.category !== 'Loss' && getSpec(k)?.category !== 'Optimizer');
  return kinds.slice(0, 8).join(' → ') + (kinds.length > 8 ? ' …' : '');
}

export function TemplatesDialog({ onPick, onClose }: TemplatesDialogProps) {
  const t = useT();
  const [chosen, setChosen] = useState<string | null>(TEMPLATES[0]?.id ?? null);
  const pick = () => onPick(chosen === '' ? null : TEMPLATES.find((x) => x.id === chosen) ?? null);
  return (
    <div className="overlay" role="dialog" aria-label={t('templates.title')} onClick={onClose} data-testid="templates-dialog">
      <div className="overlay__panel templates" onClick={(e) => e.stopPropagation()}>
        <h2>{t('templates.title')}</h2>
        <div className="templates__grid" role="listbox">
          <button type="button" role="option" aria-selected={chosen === ''} className={`template${chosen === '' ? ' is-active' : ''}`}
            onClick={() => setChosen('')} onDoubleClick={() => onPick(null)}>
            <strong>{t('templates.blank')}</strong>
            <span className="muted">{t('templates.blankHelp')}</span>
          </button>
          {TEMPLATES.map((tp) => (
            <button type="button" key={tp.id} role="option" aria-selected={chosen === tp.id} data-template={tp.id}
              className={`template${chosen === tp.id ? ' is-active' : ''}`} onClick={() => setChosen(tp.id)} onDoubleClick={() => onPick(tp)}>
              <strong>{tp.doc.name}</strong>
              <span className="muted">{t('templates.nodes', { count: tp.doc.nodes.length })}</span>
              <span className="template__summary">{summary(tp)}</span>
            </button>
          ))}
        </div>
        <div className="overlay__buttons">
          <button type="button" className="button" onClick={onClose}>{t('templates.cancel')}</button>
          <button type="button" className="button button--primary" onClick={pick} data-testid="template-create">{t('templates.open')}</button>
        </div>
      </div>
    </div>
  );
}
