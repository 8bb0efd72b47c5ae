import { useTranslation } from 'react-i18next';
import { formatMoney, formatNumber } from '../../components/format.ts';
import { useReference } from '../../components/useReference.ts';
import type { TargetProgress } from './api.ts';

export function formatValue(value: number, unit: string, params: Record<string, string>, locale: string) {
  return unit === 'minor_units' ? formatMoney(value, params.currency ?? 'USD', locale) : formatNumber(value, locale);
}

/** A target's progress, computed by the server from the records: a native meter plus the figures in words. */
export function ProgressBar({ target }: { target: TargetProgress }) {
  const { t, i18n } = useTranslation();
  const locale = (i18n.resolvedLanguage ?? 'es') as 'es' | 'en' | 'pt';
  const { themeName } = useReference();
  const percent = Math.round(target.progress * 100);
  const value = (n: number) => formatValue(n, target.unit, target.params, locale);
  return (
    <div className="target-progress" data-testid="target-progress">
      <p className="target-label">
        <strong>{target.label[locale]}</strong>
        {target.params.theme && <span className="muted"> · {themeName(target.params.theme)}</span>}
        <span className="muted"> · {t('plans.target.objective', { code: target.objective.code })}</span>
      </p>
      <div className="progress-row">
        <meter className="progress-meter" min={0} max={1} value={target.progress} aria-label={t('plans.target.meterLabel', { label: target.label[locale], percent })} />
        <span className="progress-percent" data-testid="progress-percent">{percent} %</span>
      </div>
      <p className="small muted">
        {t('plans.target.figures', { current: value(target.current), baseline: value(target.baseline), target: value(target.targetValue), year: target.targetYear })}
      </p>
    </div>
  );
}
