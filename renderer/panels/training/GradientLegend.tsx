/**
 * The legend of the gradient colours on the canvas edges: a log scale of the mean |∂L/∂x| per element flowing back
 * through an edge. The editor may mount it as a canvas overlay; the training panel shows it too.
 */
import { GRAD_SCALE, GRAD_STOPS, gradColor } from '../../engine/live.ts';
import { useT } from '../../i18n/index.ts';

export function GradientLegend({ compact = false }: { compact?: boolean }) {
  const t = useT();
  const ticks: number[] = [];
  for (let e = GRAD_SCALE.min; e <= GRAD_SCALE.max; e += 2) ticks.push(e);
  const span = GRAD_SCALE.max - GRAD_SCALE.min;
  return (
    <div className={`gradient-legend${compact ? ' gradient-legend--compact' : ''}`} data-testid="gradient-legend" title={t('train.legend.help')}>
      <div className="gradient-legend__title">{t('train.legend.title')}</div>
      <div className="gradient-legend__scale">
        <svg className="gradient-legend__bar" viewBox="0 0 100 14" preserveAspectRatio="none" aria-hidden="true">
          <defs>
            <linearGradient id="grad-legend-fill" x1="0" x2="1" y1="0" y2="0">
              {GRAD_STOPS.map((c, i) => <stop key={c} offset={i / (GRAD_STOPS.length - 1)} stopColor={c} />)}
            </linearGradient>
          </defs>
          {/* The bar widens with the gradient, as the edges do. */}
          <polygon points="0,5.5 100,1 100,13 0,8.5" fill="url(#grad-legend-fill)" />
        </svg>
        <div className="gradient-legend__ticks">
          {ticks.map((e) => (
            <span key={e} style={{ left: `${((e - GRAD_SCALE.min) / span) * 100}%` }}>10<sup>{e}</sup></span>
          ))}
        </div>
      </div>
      {!compact && (
        <div className="gradient-legend__notes">
          <span><i style={{ background: gradColor(0) }} />{t('train.legend.vanishing')}</span>
          <span><i style={{ background: gradColor(1) }} />{t('train.legend.large')}</span>
        </div>
      )}
    </div>
  );
}
