/** Double-click on the canvas: a search box listing layers; arrows choose, Enter adds at the clicked point. */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useT } from '../i18n/index.ts';
import { oneLine, searchSpecs } from '../panels/palette-model.ts';

export interface QuickAddProps {
  at: { x: number; y: number };
  onPick(kind: string): void;
  onClose(): void;
}

export function QuickAdd({ at, onPick, onClose }: QuickAddProps) {
  const t = useT();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const results = useMemo(() => searchSpecs(query).slice(0, 12), [query]);
  useEffect(() => input.current?.focus(), []);
  useEffect(() => setActive(0), [query]);
  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') setActive((i) => Math.min(results.length - 1, i + 1));
    else if (e.key === 'ArrowUp') setActive((i) => Math.max(0, i - 1));
    else if (e.key === 'Enter' && results[active]) onPick(results[active].kind);
    else if (e.key === 'Escape') onClose();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  const left = Math.min(at.x, window.innerWidth - 330);
  const top = Math.min(at.y, window.innerHeight - 360);
  return (
    <div className="quick-add" style={{ left, top }} data-testid="quick-add" onDoubleClick={(e) => e.stopPropagation()}>
      <input ref={input} value={query} placeholder={t('quickAdd.placeholder')} onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onKeyDown} onBlur={() => setTimeout(onClose, 150)} aria-label={t('quickAdd.placeholder')}
        role="combobox" aria-expanded="true" aria-controls="quick-add-list" />
      <ul ref={list} id="quick-add-list" role="listbox">
        {results.map((s, i) => (
          <li key={s.kind} role="option" aria-selected={i === active} className={i === active ? 'is-active' : ''}
            onMouseEnter={() => setActive(i)} onMouseDown={(e) => { e.preventDefault(); onPick(s.kind); }}>
            <span className="quick-add__kind">{s.kind}</span>
            <span className="quick-add__help">{oneLine(s)}</span>
          </li>
        ))}
      </ul>
      <div className="quick-add__hint">{t('quickAdd.hint')}</div>
    </div>
  );
}
