import { useTranslation } from 'react-i18next';
import { ACTION_TYPES, type ActionSummary } from '../api/client.ts';
import { formatNumber } from './format.ts';

/** Counts actions by start year (rows) and kind (columns), like the thesis's tables for Quito. */
export function KindYearTable({ actions }: { actions: ActionSummary[] }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'es';
  const counts = new Map<string, Map<string, number>>();
  for (const action of actions) {
    const year = action.startDate?.slice(0, 4) ?? '—';
    const row = counts.get(year) ?? new Map<string, number>();
    row.set(action.type, (row.get(action.type) ?? 0) + 1);
    counts.set(year, row);
  }
  const years = [...counts.keys()].sort();
  const kinds = ACTION_TYPES.filter((k) => actions.some((a) => a.type === k));
  const n = (value: number) => (value ? formatNumber(value, locale) : '·');
  return (
    // Focusable, named region: on a phone the wide table scrolls sideways, and the keyboard must reach that too.
    <div className="table-wrap" tabIndex={0} role="region" aria-label={t('gad.byYearAndKindCaption')}>
      <table className="table table-numeric" data-testid="kind-year-table">
        <caption>{t('gad.byYearAndKindCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('gad.year')}</th>
            {kinds.map((k) => (
              <th scope="col" key={k}>
                {t(`actionTypePlural.${k}`)}
              </th>
            ))}
            <th scope="col">{t('common.total')}</th>
          </tr>
        </thead>
        <tbody>
          {years.map((year) => {
            const row = counts.get(year)!;
            const total = [...row.values()].reduce((a, b) => a + b, 0);
            return (
              <tr key={year}>
                <th scope="row">{year}</th>
                {kinds.map((k) => (
                  <td key={k}>{n(row.get(k) ?? 0)}</td>
                ))}
                <td className="strong">{n(total)}</td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('common.total')}</th>
            {kinds.map((k) => (
              <td key={k}>{n(actions.filter((a) => a.type === k).length)}</td>
            ))}
            <td className="strong">{n(actions.length)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
