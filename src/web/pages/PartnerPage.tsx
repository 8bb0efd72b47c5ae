import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type PartnerAction } from '../api/client.ts';
import { IllustrativeBadge, TypeBadge } from '../components/Badges.tsx';
import { ErrorMessage, Loading, isNotFound } from '../components/Status.tsx';
import { formatDate } from '../components/format.ts';
import { useApi } from '../components/useApi.ts';
import { usePageTitle } from '../components/usePageTitle.ts';
import { useReference } from '../components/useReference.ts';
import NotFoundPage from './NotFoundPage.tsx';

interface GadGroup {
  id: string;
  name: string;
  ref: string;
  since: string | null;
  actions: PartnerAction[];
}

export default function PartnerPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'es';
  const { countryName } = useReference();
  const result = useApi((signal) => api.partner(id, signal), [id]);
  usePageTitle(result.status === 'ok' ? result.data.name : t('partners.title'));

  if (result.status === 'loading') return <Loading />;
  if (result.status === 'error') return isNotFound(result.error) ? <NotFoundPage /> : <ErrorMessage error={result.error} onRetry={result.reload} />;
  const p = result.data;

  const groups = new Map<string, GadGroup>();
  for (const action of [...p.actions].sort((a, b) => (a.startDate ?? '9999').localeCompare(b.startDate ?? '9999'))) {
    const group = groups.get(action.gad.id) ?? { id: action.gad.id, name: action.gad.name, ref: action.gad.dpaCode || action.gad.id, since: null, actions: [] };
    group.actions.push(action);
    if (action.startDate && (!group.since || action.startDate < group.since)) group.since = action.startDate;
    groups.set(action.gad.id, group);
  }
  const earliest = [...groups.values()].map((g) => g.since).filter((s): s is string => Boolean(s)).sort()[0];

  return (
    <article data-testid="partner-page">
      <header className="page-header">
        <p className="eyebrow">{p.type ? t(`partnerType.${p.type}`, { defaultValue: p.type }) : ''}</p>
        <h1>
          {p.name} {p.illustrative && <IllustrativeBadge />}
        </h1>
        <dl className="summary">
          {p.country && (
            <div>
              <dt>{t('partner.country')}</dt>
              <dd>{countryName(p.country)}</dd>
            </div>
          )}
          {p.city && (
            <div>
              <dt>{t('partner.city')}</dt>
              <dd>{p.city}</dd>
            </div>
          )}
          {p.aliases.length > 0 && (
            <div>
              <dt>{t('partner.aliases')}</dt>
              <dd>{p.aliases.join(' · ')}</dd>
            </div>
          )}
        </dl>
        {earliest && <p className="lead">{t('partner.earliest', { date: formatDate(earliest, locale) })}</p>}
      </header>

      <section className="section" aria-labelledby="partner-gads">
        <h2 id="partner-gads">
          {t('partner.gads')} <span className="facet-count">{t('partner.gadsCount', { count: groups.size })}</span>
        </h2>
        {groups.size === 0 ? (
          <p className="muted">{t('partner.noActions')}</p>
        ) : (
          [...groups.values()].map((g) => (
            <div key={g.id} className="card">
              <h3>
                <Link to={`/gads/${g.ref}`}>{g.name}</Link>
              </h3>
              {g.since && (
                <p className="small muted">
                  {t('partner.since')}: {formatDate(g.since, locale)}
                </p>
              )}
              <ul className="plain-list">
                {g.actions.map((a) => (
                  <li key={`${a.id}-${a.role ?? ''}`}>
                    <TypeBadge type={a.type} /> <Link to={`/actions/${a.id}`}>{a.title}</Link>
                    <span className="muted small">
                      {a.startDate && <> · {formatDate(a.startDate, locale)}</>}
                      {a.role && <> · {t(`role.${a.role}`, { defaultValue: a.role })}</>}
                    </span>{' '}
                    {a.illustrative && <IllustrativeBadge />}
                  </li>
                ))}
              </ul>
            </div>
          ))
        )}
      </section>
    </article>
  );
}
