/** Lists the keyboard shortcuts of the menu table, plus the canvas's own gestures. */
import { useT } from '../i18n/index.ts';
import { MENU_SPEC, type MenuEntry } from '../platform/contract.ts';
import { commandKey, formatAccelerator } from './shortcut-labels.ts';

function rows(entries: readonly MenuEntry[], out: { key: string; keys: string }[]): void {
  for (const e of entries) {
    if ('submenu' in e) rows(e.submenu, out);
    else if ('command' in e && e.accelerator) out.push({ key: commandKey(e.command), keys: formatAccelerator(e.accelerator) });
  }
}

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const list: { key: string; keys: string }[] = [];
  for (const m of MENU_SPEC) rows(m.entries, list);
  const canvas = [
    { label: t('shortcuts.delete'), keys: 'Delete / Backspace' },
    { label: t('shortcuts.multi'), keys: 'Shift + drag' },
    { label: t('shortcuts.quickAdd'), keys: t('shortcuts.doubleClick') },
  ];
  return (
    <div className="overlay" role="dialog" aria-label={t('shortcuts.title')} onClick={onClose}>
      <div className="overlay__panel" onClick={(e) => e.stopPropagation()}>
        <h2>{t('shortcuts.title')}</h2>
        <table className="shortcuts">
          <tbody>
            {list.map((r) => <tr key={r.key}><td>{t(r.key)}</td><td><kbd>{r.keys}</kbd></td></tr>)}
            {canvas.map((r) => <tr key={r.label}><td>{r.label}</td><td><kbd>{r.keys}</kbd></td></tr>)}
          </tbody>
        </table>
        <div className="overlay__buttons">
          <button type="button" className="button" onClick={onClose}>{t('shortcuts.close')}</button>
        </div>
      </div>
    </div>
  );
}
