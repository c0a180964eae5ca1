/** The editor toolbar: undo/redo, templates, blocks, auto-layout, fit, the entered-block breadcrumb, language and theme. */
import type { GraphDocument } from '../../core/graph/types.ts';
import { LANGUAGES, setLanguage, useLanguage, useT, type Language } from '../i18n/index.ts';
import type { MenuCommand } from '../platform/contract.ts';
import type { Theme } from './theme.ts';
import { withShortcut } from './shortcut-labels.ts';

export interface ToolbarProps {
  doc: GraphDocument;
  canUndo: boolean;
  canRedo: boolean;
  scope: string | null;
  theme: Theme;
  onCommand(command: MenuCommand): void;
  onScope(groupId: string | null): void;
  onTheme(theme: Theme): void;
}

export function Toolbar(props: ToolbarProps) {
  const t = useT();
  const language = useLanguage();
  const { doc, scope } = props;
  const crumbs: { id: string; name: string }[] = [];
  for (let g: string | undefined = scope ?? undefined; g; g = doc.groups.find((x) => x.id === g)?.parent) {
    const grp = doc.groups.find((x) => x.id === g);
    if (grp) crumbs.unshift({ id: grp.id, name: grp.name });
  }
  const button = (label: string, command: MenuCommand, testid: string, disabled = false, text?: string) => (
    <button type="button" className="tool" data-testid={`tool-${testid}`} disabled={disabled}
      title={withShortcut(label, command)} aria-label={label}
      onClick={() => props.onCommand(command)}>
      {text ?? label}
    </button>
  );
  return (
    <div className="toolbar" role="toolbar">
      <span className="toolbar__brand">Netsketch</span>
      {button(t('toolbar.undo'), { type: 'undo' }, 'undo', !props.canUndo, '↶')}
      {button(t('toolbar.redo'), { type: 'redo' }, 'redo', !props.canRedo, '↷')}
      <span className="toolbar__sep" />
      {button(t('cmd.new-from-template'), { type: 'new-from-template' }, 'templates', false, t('toolbar.templates'))}
      {button(t('cmd.group'), { type: 'group' }, 'group', false, t('toolbar.group'))}
      {button(t('cmd.ungroup'), { type: 'ungroup' }, 'ungroup', false, t('toolbar.ungroup'))}
      {button(t('cmd.layout-lr'), { type: 'layout-lr' }, 'layout-lr', false, t('toolbar.layoutLR'))}
      {button(t('cmd.layout-tb'), { type: 'layout-tb' }, 'layout-tb', false, t('toolbar.layoutTB'))}
      {button(t('cmd.fit-view'), { type: 'fit-view' }, 'fit', false, t('toolbar.fit'))}
      {crumbs.length > 0 && (
        <nav className="breadcrumb" data-testid="breadcrumb">
          <button type="button" className="link" onClick={() => props.onScope(null)}>{t('toolbar.top')}</button>
          {crumbs.map((c) => (
            <span key={c.id}> › <button type="button" className="link" onClick={() => props.onScope(c.id)}>{c.name}</button></span>
          ))}
          <button type="button" className="tool" data-testid="exit-block"
            onClick={() => props.onScope(doc.groups.find((g) => g.id === scope)?.parent ?? null)}>{t('toolbar.exitBlock')}</button>
        </nav>
      )}
      <span className="toolbar__spacer" />
      <label className="toolbar__select" title={t('app.language')}>
        <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.3">
          <circle cx="8" cy="8" r="6.5" /><path d="M1.5 8h13M8 1.5c2 2 2.8 4.2 2.8 6.5S10 12.5 8 14.5M8 1.5C6 3.5 5.2 5.7 5.2 8S6 12.5 8 14.5" />
        </svg>
        <select value={language} onChange={(e) => setLanguage(e.target.value as Language)} data-testid="language" aria-label={t('app.language')}>
          {LANGUAGES.map((l) => <option key={l.id} value={l.id}>{l.label}</option>)}
        </select>
      </label>
      <button type="button" className="tool" data-testid="tool-theme" title={t('toolbar.theme')}
        onClick={() => props.onTheme(props.theme === 'dark' ? 'light' : 'dark')}>
        {props.theme === 'dark' ? t('toolbar.light') : t('toolbar.dark')}
      </button>
    </div>
  );
}
