/**
 * The layer palette: every catalogue entry grouped by category with its one-line help and a search box. Entries
 * are dragged onto the canvas (HTML5 drag and drop); double-clicking one adds it at the centre of the view.
 */
import { memo, useMemo, useState, type DragEvent } from 'react';
import { KIND_MIME } from '../canvas/Canvas.tsx';
import { useT } from '../i18n/index.ts';
import { groupedSpecs, oneLine } from './palette-model.ts';

export interface PaletteProps {
  onAdd(kind: string): void;
}

function PaletteView({ onAdd }: PaletteProps) {
  const t = useT();
  const [query, setQuery] = useState('');
  const groups = useMemo(() => groupedSpecs(query), [query]);
  const onDragStart = (e: DragEvent, kind: string) => {
    e.dataTransfer.setData(KIND_MIME, kind);
    e.dataTransfer.setData('text/plain', kind);
    e.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <aside className="palette" data-testid="palette" aria-label={t('palette.title')}>
      <div className="palette__search">
        <input type="search" value={query} placeholder={t('palette.search')} aria-label={t('palette.search')}
          onChange={(e) => setQuery(e.target.value)} data-testid="palette-search" />
      </div>
      <div className="palette__list">
        {groups.map((g) => (
          <section key={g.category} className="palette__group" data-category={g.category}>
            <h3>{t(`category.${g.category}`)}</h3>
            {g.specs.map((s) => (
              <div key={s.kind} className="palette__item" draggable data-testid="palette-item" data-kind={s.kind} data-category={s.category}
                onDragStart={(e) => onDragStart(e, s.kind)} onDoubleClick={() => onAdd(s.kind)} title={s.description} role="button" tabIndex={0}
                onKeyDown={(e) => { if (e.key === 'Enter') onAdd(s.kind); }}>
                <span className="palette__kind">{s.kind}</span>
                <span className="palette__help">{oneLine(s)}</span>
              </div>
            ))}
          </section>
        ))}
        {groups.length === 0 && <p className="muted palette__empty">{t('palette.empty', { query })}</p>}
      </div>
      <div className="palette__hint">{t('palette.hint')}</div>
    </aside>
  );
}

export const Palette = memo(PaletteView);
