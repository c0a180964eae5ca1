/** Lists the keyboard shortcuts of the menu table. */
import { MENU_SPEC, type MenuEntry } from '../platform/contract.ts';

function rows(entries: readonly MenuEntry[], out: { label: string; keys: string }[]): void {
  for (const e of entries) {
    if ('submenu' in e) rows(e.submenu, out);
    else if ('command' in e && e.accelerator) out.push({ label: e.label, keys: e.accelerator });
  }
}

export function ShortcutsDialog({ isMac, onClose }: { isMac: boolean; onClose: () => void }) {
  const list: { label: string; keys: string }[] = [];
  for (const m of MENU_SPEC) rows(m.entries, list);
  return (
    <div className="overlay" role="dialog" aria-label="Keyboard shortcuts" onClick={onClose}>
      <div className="overlay__panel" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <table>
          <tbody>
            {list.map((r) => (
              <tr key={r.label}>
                <td>{r.label}</td>
                <td><kbd>{r.keys.replace('CmdOrCtrl', isMac ? '⌘' : 'Ctrl')}</kbd></td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" onClick={onClose}>Close</button>
      </div>
    </div>
  );
}
