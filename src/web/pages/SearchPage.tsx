import { useTranslation } from 'react-i18next';
import { api, type ActionFacets } from '../api/client.ts';
import { ActionItem } from '../components/ActionItem.tsx';
import { Facet, type FacetOption } from '../components/Facet.tsx';
import { GadPicker } from '../components/GadPicker.tsx';
import { Pagination } from '../components/Pagination.tsx';
import { ErrorMessage, Loading } from '../components/Status.tsx';
import { formatNumber } from '../components/format.ts';
import { useApi } from '../components/useApi.ts';
import { useUrlFilters } from '../components/useUrlFilters.ts';
import { usePageTitle } from '../components/usePageTitle.ts';
import { useReference } from '../components/useReference.ts';

const PAGE_SIZE = 20;
const SORTS = ['date_desc', 'date_asc', 'title', 'relevance'] as const;
const FACETS = ['type', 'year', 'theme', 'country'] as const;
type FacetName = (typeof FACETS)[number];

export default function SearchPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'es';
  const { themeName, countryName } = useReference();
  const { params, q, offset, text, setText, update, onSubmit, clear } = useUrlFilters();
  usePageTitle(t('search.title'));

  const gad = params.get('gad') ?? '';
  const sort = params.get('sort') ?? (q ? 'relevance' : 'date_desc');
  const selected: Record<FacetName, string> = {
    type: params.get('type') ?? '',
    year: params.get('year') ?? '',
    theme: params.get('theme') ?? '',
    country: params.get('country') ?? '',
  };

  const key = params.toString();
  const result = useApi(
    (signal) =>
      api.actions(
        {
          q: q || undefined,
          gad: gad || undefined,
          sort,
          limit: PAGE_SIZE,
          offset,
          ...Object.fromEntries(FACETS.map((f) => [f, selected[f] || undefined])),
        },
        signal,
      ),
    [key],
  );

  const facetLabel = (facet: FacetName, code: string): string => {
    if (facet === 'type') return t(`actionType.${code}`, { defaultValue: code });
    if (facet === 'theme') return themeName(code);
    if (facet === 'country') return countryName(code);
    return code;
  };

  const facetOptions = (facets: ActionFacets | undefined, facet: FacetName): FacetOption[] => {
    const counts = facets?.[facet] ?? {};
    const options = Object.entries(counts).map(([code, count]) => ({ code, count, label: facetLabel(facet, code) }));
    // A selected value stays visible even when the current result has no count for it.
    if (selected[facet] && !counts[selected[facet]]) {
      options.push({ code: selected[facet], count: 0, label: facetLabel(facet, selected[facet]) });
    }
    if (facet === 'year') return options.sort((a, b) => b.code.localeCompare(a.code));
    return options.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, locale));
  };

  const hasFilters = Boolean(q || gad || FACETS.some((f) => selected[f]));
  const data = result.status === 'ok' ? result.data : null;

  return (
    <div className="search-page">
      <section className="hero" aria-labelledby="search-title">
        <h1 id="search-title">{t('search.title')}</h1>
        <p className="lead">{t('app.intro')}</p>
        <form role="search" className="search-form" onSubmit={onSubmit}>
          <label htmlFor="search-q">{t('search.label')}</label>
          <div className="search-row">
            <input
              id="search-q"
              type="search"
              name="q"
              data-testid="search-input"
              value={text}
              placeholder={t('search.placeholder')}
              onChange={(event) => setText(event.target.value)}
            />
            <button type="submit" className="button">
              {t('search.submit')}
            </button>
          </div>
        </form>
      </section>

      <div className="search-layout">
        <aside className="filters" aria-labelledby="filters-title">
          <h2 id="filters-title" className="h3">
            {t('search.filters')}
          </h2>
          <p className="muted small">{t('search.facetHint')}</p>
          <GadPicker value={gad} onChange={(ref) => update({ gad: ref })} />
          {FACETS.map((facet) => (
            <Facet
              key={facet}
              name={facet}
              legend={t(`facet.${facet}`)}
              options={facetOptions(data?.facets, facet)}
              selected={selected[facet]}
              onChange={(value) => update({ [facet]: value })}
            />
          ))}
          {hasFilters && (
            <button type="button" className="button button-link" onClick={clear}>
              {t('search.clearAll')}
            </button>
          )}
        </aside>

        <section className="results" aria-labelledby="results-title">
          <div className="results-header">
            <h2 id="results-title" className="h3" aria-live="polite">
              {data
                ? t(data.totalIsLowerBound ? 'search.resultCountMore' : 'search.resultCount', { count: data.total, formattedCount: formatNumber(data.total, locale) })
                : t('search.results')}
            </h2>
            <div className="field-inline">
              <label htmlFor="search-sort">{t('search.sort')}</label>
              <select id="search-sort" data-testid="sort-select" value={sort} onChange={(event) => update({ sort: event.target.value })}>
                {SORTS.map((s) => (
                  <option key={s} value={s}>
                    {t(`sort.${s}`)}
                  </option>
                ))}
              </select>
            </div>
          </div>

          {data?.totalIsLowerBound && (
            <p className="muted small" data-testid="counts-bounded">
              {t('search.countsBounded', { formattedCount: formatNumber(data.total, locale) })}
            </p>
          )}
          {result.status === 'loading' && <Loading />}
          {result.status === 'error' && <ErrorMessage error={result.error} onRetry={result.reload} />}
          {data && data.items.length === 0 && (
            <div className="empty" data-testid="no-results">
              <p>{t('search.noResults')}</p>
              <p className="muted">{t('search.noResultsHint')}</p>
            </div>
          )}
          {data && data.items.length > 0 && (
            <>
              <ol className="result-list" data-testid="result-list">
                {data.items.map((action) => (
                  <ActionItem key={action.id} action={action} />
                ))}
              </ol>
              <Pagination
                total={data.total}
                limit={PAGE_SIZE}
                offset={offset}
                onChange={(next) => update({ offset: next ? String(next) : '' }, true)}
              />
            </>
          )}
        </section>
      </div>
    </div>
  );
}
