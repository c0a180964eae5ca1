/** The right sidebar: Inspector | Code | Insight (while a node's insight is open). */
import type { ReactNode } from 'react';
import { useT } from '../i18n/index.ts';

export type SidebarTab = 'inspector' | 'code' | 'insight';

export interface SidebarProps {
  tab: SidebarTab;
  onTab(tab: SidebarTab): void;
  hasInsight: boolean;
  onCloseInsight(): void;
  children: ReactNode;
}

export function Sidebar({ tab, onTab, hasInsight, onCloseInsight, children }: SidebarProps) {
  const t = useT();
  const tabs: SidebarTab[] = hasInsight ? ['inspector', 'code', 'insight'] : ['inspector', 'code'];
  return (
    <aside className="sidebar" data-testid="sidebar">
      <div className="tabs" role="tablist">
        {tabs.map((id) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} className={`tab${tab === id ? ' is-active' : ''}`}
            data-testid={`tab-${id}`} onClick={() => onTab(id)}>
            {t(`sidebar.${id}`)}
            {id === 'insight' && (
              <span className="tab__close" role="button" aria-label={t('sidebar.closeInsight')} title={t('sidebar.closeInsight')}
                onClick={(e) => { e.stopPropagation(); onCloseInsight(); }}>×</span>
            )}
          </button>
        ))}
      </div>
      <div className="sidebar__body">{children}</div>
    </aside>
  );
}
