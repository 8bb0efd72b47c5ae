import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime, formatNumber } from '../../components/format.ts';
import { useApi } from '../../components/useApi.ts';
import { followUpApi } from './api.ts';

/** The GAD profile's follow-up figures for this year: done on time, trip reports delivered, median days overdue. */
export function FollowUpIndicators({ gadId, year }: { gadId: string; year?: number }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'es';
  const result = useApi((signal) => followUpApi.indicators(gadId, year, signal), [gadId, year]);
  if (result.status !== 'ok') return null;
  const d = result.data;
  const percent = (value: number | null) => (value === null ? '—' : `${formatNumber(value, locale)} %`);
  return (
    <section className="section" aria-labelledby="follow-up-indicators" data-testid="follow-up-indicators">
      <h2 id="follow-up-indicators">{t('followup.indicators.title', { year: d.year })}</h2>
      <dl className="stat-grid">
        <div data-testid="indicator-on-time">
          <dt>{t('followup.indicators.onTime')}</dt>
          <dd>{percent(d.doneOnTimePercent)}</dd>
          <dd className="small muted">{t('followup.indicators.counted', { count: d.commitmentsCounted })}</dd>
        </div>
        <div data-testid="indicator-trip-reports">
          <dt>{t('followup.indicators.tripReports')}</dt>
          <dd>{percent(d.tripReportsDeliveredPercent)}</dd>
          <dd className="small muted">{t('followup.indicators.counted', { count: d.tripReportsCounted })}</dd>
        </div>
        <div data-testid="indicator-median">
          <dt>{t('followup.indicators.medianDays')}</dt>
          <dd>{d.medianDaysOverdue === null ? '—' : formatNumber(d.medianDaysOverdue, locale)}</dd>
        </div>
        <div data-testid="indicator-overdue">
          <dt>{t('followup.indicators.overdueNow')}</dt>
          <dd>{formatNumber(d.overdueCount, locale)}</dd>
        </div>
      </dl>
      {d.agreementsExpiringIn90Days.length > 0 && (
        <>
          <h3>{t('followup.indicators.expiring')}</h3>
          <ul className="small">
            {d.agreementsExpiringIn90Days.map((a) => (
              <li key={a.id}><Link to={`/actions/${a.id}`}>{a.title}</Link> — {formatDate(a.validUntil, locale)}</li>
            ))}
          </ul>
        </>
      )}
      {d.dormantAgreements.length > 0 && (
        <>
          <h3>{t('followup.indicators.dormant', { months: d.dormantMonths })}</h3>
          <ul className="small">
            {d.dormantAgreements.map((a) => <li key={a.id}><Link to={`/actions/${a.id}`}>{a.title}</Link></li>)}
          </ul>
        </>
      )}
      <p className="small muted" data-testid="indicators-as-of">{t('followup.asOf', { date: formatDateTime(d.asOf, locale) })}</p>
      <p><Link to={`/follow-up?gad=${encodeURIComponent(gadId)}`}>{t('followup.indicators.board')}</Link></p>
    </section>
  );
}
