import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { GAD_LEVELS, api } from '../api/client.ts';
import { IllustrativeBadge } from '../components/Badges.tsx';
import { Pagination } from '../components/Pagination.tsx';
import { ErrorMessage, Loading } from '../components/Status.tsx';
import { useApi } from '../components/useApi.ts';
import { useUrlFilters } from '../components/useUrlFilters.ts';
import { FilterBar } from '../components/FilterBar.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';

const PAGE_SIZE = 50;

export default function GadsPage() {
  const { t } = useTranslation();
  usePageTitle(t('gads.title'));
  const filters = useUrlFilters();
  const { params, q, offset, update } = filters;
  const level = params.get('level') ?? '';

  const result = useApi(
    (signal) => api.gads({ q: q || undefined, level: level || undefined, limit: PAGE_SIZE, offset }, signal),
    [q, level, offset],
  );

  return (
    <div>
      <h1>{t('gads.title')}</h1>
      <p className="lead">{t('gads.intro')}</p>
      <FilterBar id="gads" searchLabel={t('gads.searchLabel')} filters={filters} testId="gads-search"
        select={{ name: 'level', label: t('gads.levelLabel'), allLabel: t('gads.allLevels'), options: GAD_LEVELS.map((l) => ({ value: l, label: t(`gadLevel.${l}`) })) }} />

      {result.status === 'loading' && <Loading />}
      {result.status === 'error' && <ErrorMessage error={result.error} onRetry={result.reload} />}
      {result.status === 'ok' && (
        <>
          <p aria-live="polite" className="muted">
            {t('gads.count', { count: result.data.total })}
          </p>
          {result.data.items.length === 0 ? (
            <p className="empty">{t('gads.noResults')}</p>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="gad-table">
                <thead>
                  <tr>
                    <th scope="col">{t('gads.name')}</th>
                    <th scope="col">{t('gads.level')}</th>
                    <th scope="col">{t('gads.dpaCode')}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.data.items.map((gad) => (
                    <tr key={gad.id}>
                      <th scope="row">
                        <Link to={`/gads/${gad.dpaCode || gad.id}`}>{gad.name}</Link>
                        {gad.illustrative && <> <IllustrativeBadge /></>}
                      </th>
                      <td>{t(`gadLevel.${gad.level}`)}</td>
                      <td>
                        <code>{gad.dpaCode}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pagination total={result.data.total} limit={PAGE_SIZE} offset={offset} onChange={(next) => update({ offset: next ? String(next) : '' }, true)} />
        </>
      )}
    </div>
  );
}
