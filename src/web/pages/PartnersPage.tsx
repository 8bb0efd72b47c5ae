import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { IllustrativeBadge } from '../components/Badges.tsx';
import { Pagination } from '../components/Pagination.tsx';
import { ErrorMessage, Loading } from '../components/Status.tsx';
import { useApi } from '../components/useApi.ts';
import { useUrlFilters } from '../components/useUrlFilters.ts';
import { FilterBar } from '../components/FilterBar.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { useReference } from '../components/useReference.ts';

const PAGE_SIZE = 50;
const PARTNER_TYPES = [
  'local_government', 'regional_government', 'national_government', 'cooperation_agency', 'development_bank',
  'un_body', 'city_network', 'international_organisation', 'ngo', 'university', 'company', 'other',
] as const;

export default function PartnersPage() {
  const { t } = useTranslation();
  const { countryName } = useReference();
  usePageTitle(t('partners.title'));
  const filters = useUrlFilters();
  const { params, q, offset, update } = filters;
  const type = params.get('type') ?? '';

  const result = useApi(
    (signal) => api.partners({ q: q || undefined, type: type || undefined, limit: PAGE_SIZE, offset }, signal),
    [q, type, offset],
  );

  return (
    <div>
      <h1>{t('partners.title')}</h1>
      <p className="lead">{t('partners.intro')}</p>
      <FilterBar id="partners" searchLabel={t('partners.searchLabel')} filters={filters}
        select={{ name: 'type', label: t('partners.typeLabel'), allLabel: t('partners.allTypes'), options: PARTNER_TYPES.map((p) => ({ value: p, label: t(`partnerType.${p}`) })) }} />

      {result.status === 'loading' && <Loading />}
      {result.status === 'error' && <ErrorMessage error={result.error} onRetry={result.reload} />}
      {result.status === 'ok' && (
        <>
          <p aria-live="polite" className="muted">
            {t('partners.count', { count: result.data.total })}
          </p>
          {result.data.items.length === 0 ? (
            <p className="empty">{t('partners.noResults')}</p>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('partners.name')}</th>
                    <th scope="col">{t('partners.type')}</th>
                    <th scope="col">{t('partners.country')}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.data.items.map((p) => (
                    <tr key={p.id}>
                      <th scope="row">
                        <Link to={`/partners/${p.id}`}>{p.name}</Link>
                        {p.illustrative && <> <IllustrativeBadge /></>}
                      </th>
                      <td>{p.type ? t(`partnerType.${p.type}`, { defaultValue: p.type }) : ''}</td>
                      <td>{countryName(p.country)}</td>
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
