/**
 * The in-page menu bar of the browser build (Electron shows the native menu instead), built from the same menu
 * table, with translated labels and the shortcuts of the table.
 */
import { useEffect, useRef, useState } from 'react';
import { MENU_SPEC, type MenuCommand, type MenuEntry } from '../platform/contract.ts';
import type { RecentFile } from '../platform/platform.ts';
import { useT } from '../i18n/index.ts';
import { commandKey, formatAccelerator } from './shortcut-labels.ts';

const MENU_KEYS: Record<string, string> = { '&File': 'menu.file', '&Edit': 'menu.edit', '&View': 'menu.view', '&Train': 'menu.train', '&Help': 'menu.help' };

export interface MenuBarProps {
  onCommand(command: MenuCommand): void;
  getRecentFiles(): Promise<RecentFile[]>;
}

export function MenuBar({ onCommand, getRecentFiles }: MenuBarProps) {
  const t = useT();
  const [open, setOpen] = useState<string | null>(null);
  const [recent, setRecent] = useState<RecentFile[]>([]);
  const bar = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !bar.current?.contains(e.target as Node)) setOpen(null);
    };
    window.addEventListener('mousedown', close);
    window.addEventListener('keydown', close);
    return () => {
      window.removeEventListener('mousedown', close);
      window.removeEventListener('keydown', close);
    };
  }, [open]);
  useEffect(() => {
    if (open === '&File') void getRecentFiles().then(setRecent, () => setRecent([]));
  }, [open, getRecentFiles]);

  const run = (fn: () => void) => {
    setOpen(null);
    fn();
  };
  const item = (label: string, accelerator: string | undefined, fn: () => void, testid: string) => (
    <button type="button" role="menuitem" key={testid} className="menu__item" data-testid={`menu-${testid}`} onClick={() => run(fn)}>
      <span>{label}</span>
      {accelerator && <kbd>{formatAccelerator(accelerator)}</kbd>}
    </button>
  );
  const render = (entries: readonly MenuEntry[]): React.ReactNode[] => {
    const out: React.ReactNode[] = [];
    entries.forEach((e, i) => {
      if ('separator' in e) out.push(<hr key={`sep-${i}`} />);
      else if ('recentFiles' in e) {
        if (recent.length > 0) {
          out.push(<div key="recent-h" className="menu__heading">{t('cmd.open-recent')}</div>);
          for (const r of recent) out.push(item(r.name, undefined, () => onCommand({ type: 'open-recent', fileId: r.fileId }), `recent-${r.fileId}`));
        }
      } else if ('submenu' in e) out.push(...render(e.submenu));
      else if ('externalUrl' in e) {
        out.push(<a key={e.externalUrl} role="menuitem" className="menu__item" href={e.externalUrl} target="_blank" rel="noopener noreferrer" onClick={() => setOpen(null)}>{t('cmd.docs')}</a>);
      } else {
        const c: MenuCommand = e.command;
        out.push(item(t(commandKey(c)), e.accelerator, () => onCommand(c), commandKey(c).slice(4)));
      }
    });
    return out;
  };
  return (
    <nav className="menubar" ref={bar} role="menubar" data-testid="menubar">
      {MENU_SPEC.map((m) => (
        <div key={m.label} className="menu">
          <button type="button" className={`menubar__button${open === m.label ? ' is-open' : ''}`} data-testid={`menubar-${m.label.slice(1).toLowerCase()}`}
            onClick={() => setOpen(open === m.label ? null : m.label)} onMouseEnter={() => open && setOpen(m.label)}>
            {t(MENU_KEYS[m.label] ?? m.label.replace('&', ''))}
          </button>
          {open === m.label && <div className="menu__list" role="menu">{render(m.entries)}</div>}
        </div>
      ))}
    </nav>
  );
}
