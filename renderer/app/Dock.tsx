/** The bottom dock holding the training panel: resizable by dragging its top edge, collapsible. */
import { useCallback, useRef, useState, type PointerEvent, type ReactNode } from 'react';
import { useT } from '../i18n/index.ts';

const KEY = 'netsketch.dock';

function initial(): { height: number; collapsed: boolean } {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? 'null') as { height?: unknown; collapsed?: unknown } | null;
    if (v && typeof v.height === 'number' && typeof v.collapsed === 'boolean') return { height: v.height, collapsed: v.collapsed };
  } catch {
    // ignore a damaged setting
  }
  return { height: 260, collapsed: false };
}

export function Dock({ children }: { children: ReactNode }) {
  const t = useT();
  const [state, setState] = useState(initial);
  const drag = useRef<{ y: number; h: number } | null>(null);
  const save = (s: { height: number; collapsed: boolean }) => {
    setState(s);
    localStorage.setItem(KEY, JSON.stringify(s));
  };
  const onPointerDown = useCallback((e: PointerEvent) => {
    (e.target as HTMLElement).setPointerCapture(e.pointerId);
    drag.current = { y: e.clientY, h: state.height };
  }, [state.height]);
  const onPointerMove = useCallback((e: PointerEvent) => {
    if (!drag.current) return;
    const h = Math.max(120, Math.min(window.innerHeight - 200, drag.current.h + drag.current.y - e.clientY));
    setState((s) => ({ ...s, height: h, collapsed: false }));
  }, []);
  const onPointerUp = useCallback(() => {
    if (!drag.current) return;
    drag.current = null;
    setState((s) => {
      localStorage.setItem(KEY, JSON.stringify(s));
      return s;
    });
  }, []);
  return (
    <section className={`dock${state.collapsed ? ' is-collapsed' : ''}`} style={state.collapsed ? undefined : { height: state.height, maxHeight: '55%' }} data-testid="dock">
      <div className="dock__handle" onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={onPointerUp} role="separator" aria-orientation="horizontal" />
      <header className="dock__bar">
        <span className="dock__title">{t('dock.training')}</span>
        <button type="button" className="tool" data-testid="dock-toggle" onClick={() => save({ ...state, collapsed: !state.collapsed })}
          title={t(state.collapsed ? 'dock.expand' : 'dock.collapse')}>{state.collapsed ? '▴' : '▾'}</button>
      </header>
      {!state.collapsed && <div className="dock__body">{children}</div>}
    </section>
  );
}
