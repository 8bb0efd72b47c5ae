import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type ActionDetail, type Delegate, type MembershipRole } from '../api/client.ts';
import { IllustrativeBadge, TypeBadge, VisibilityBadge } from '../components/Badges.tsx';
import { DetailFields } from '../components/DetailFields.tsx';
import { History } from '../components/History.tsx';
import { ErrorMessage, Loading, isNotFound } from '../components/Status.tsx';
import { formatDate, formatDateRange, formatMoney } from '../components/format.ts';
import { useApi } from '../components/useApi.ts';
import { usePageTitle } from '../components/usePageTitle.ts';
import { useReference } from '../components/useReference.ts';
import NotFoundPage from './NotFoundPage.tsx';
import { DocumentsSection } from '../features/records/DocumentsSection.tsx';
import { can, useSession } from '../session/session.tsx';
import { CommitmentsPanel } from '../features/followup/CommitmentsPanel.tsx';

interface Amount {
  kind: string;
  amountMinor: number;
  currency: string;
  onDate?: string | null;
}

export default function ActionPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'es';
  const { themeName, countryName } = useReference();
  const { me } = useSession();
  const result = useApi((signal) => api.action(id, signal), [id]);
  usePageTitle(result.status === 'ok' ? result.data.title : t('action.record'));

  if (result.status === 'loading') return <Loading />;
  if (result.status === 'error') return isNotFound(result.error) ? <NotFoundPage /> : <ErrorMessage error={result.error} onRetry={result.reload} />;
  const a: ActionDetail = result.data;
  const details = a.details ?? {};
  const delegates = (details.delegates ?? []) as Delegate[];
  const roles = (details.roles ?? []) as MembershipRole[];
  const committees = (details.committees ?? []) as unknown[];
  const amounts = (Array.isArray(details.amounts) ? details.amounts : []) as Amount[];
  const place = [a.city, countryName(a.country)].filter(Boolean).join(', ');
  const classification = Object.fromEntries(
    (['territorialScope', 'motive', 'channel', 'governanceMode'] as const).map((k) => [k, (a as unknown as Record<string, unknown>)[k]]),
  );

  return (
    <article className="record" data-testid="action-record">
      <header className="page-header">
        <div className="badges">
          <TypeBadge type={a.type} />
          {a.illustrative && <IllustrativeBadge />}
          <VisibilityBadge visibility={a.visibility} />
        </div>
        <h1>{a.title}</h1>
        {can.edit(me, a.gad.id) && (
          <p>
            <Link to={`/actions/${a.id}/edit`} className="button" data-testid="edit-action">{t('records.edit.button')}</Link>
          </p>
        )}
        <dl className="summary">
          <div>
            <dt>{t('action.gad')}</dt>
            <dd>
              <Link to={`/gads/${a.gad.dpaCode || a.gad.id}`}>{a.gad.name}</Link>
            </dd>
          </div>
          {(a.startDate || a.endDate) && (
            <div>
              <dt>{t('action.dates')}</dt>
              <dd>{formatDateRange(a.startDate, a.endDate, locale, a.datePrecision)}</dd>
            </div>
          )}
          {place && (
            <div>
              <dt>{t('action.place')}</dt>
              <dd>{place}</dd>
            </div>
          )}
        </dl>
      </header>

      {(a.sourceNote || a.ambiguityNote) && (
        <aside className="alert alert-info" aria-labelledby="source-note">
          <h2 id="source-note" className="alert-title">{t('action.sourceNote')}</h2>
          {a.sourceNote && <p>{a.sourceNote}</p>}
          {a.ambiguityNote && (
            <p>
              <strong>{t('action.ambiguityNote')}:</strong> {a.ambiguityNote}
            </p>
          )}
        </aside>
      )}

      {a.description && (
        <section className="section" aria-labelledby="description">
          <h2 id="description">{t('action.description')}</h2>
          <p className="prose">{a.description}</p>
        </section>
      )}

      <section className="section" aria-labelledby="details">
        <h2 id="details">{t('action.details')}</h2>
        <DetailFields values={details} />
        {committees.length > 0 && (
          <>
            <h3>{t('action.committees')}</h3>
            <ul>
              {committees.map((c, i) => (
                <li key={i}>{typeof c === 'string' ? c : JSON.stringify(c)}</li>
              ))}
            </ul>
          </>
        )}
        {roles.length > 0 && (
          <>
            <h3>{t('action.roles')}</h3>
            <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="details">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('action.role')}</th>
                    <th scope="col">{t('field.description')}</th>
                    <th scope="col">{t('action.term')}</th>
                  </tr>
                </thead>
                <tbody>
                  {roles.map((r, i) => (
                    <tr key={i}>
                      <th scope="row">{t(`membershipRole.${r.role}`, { defaultValue: r.role })}</th>
                      <td>{[r.label, r.body].filter(Boolean).join(' — ')}</td>
                      <td>{[formatDate(r.termStart, locale), formatDate(r.termEnd, locale)].filter(Boolean).join(' – ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
        {delegates.length > 0 && (
          <>
            <h3>{t('action.delegates')}</h3>
            <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="details">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('action.delegateName')}</th>
                    <th scope="col">{t('action.delegateTitle')}</th>
                    <th scope="col">{t('action.delegateOrganisation')}</th>
                    <th scope="col">{t('action.delegateCountry')}</th>
                  </tr>
                </thead>
                <tbody>
                  {delegates.map((d, i) => (
                    <tr key={i}>
                      <th scope="row">{d.name ?? ''}</th>
                      <td>{d.title ?? ''}</td>
                      <td>{d.organisation ?? ''}</td>
                      <td>{countryName(d.country)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
        {amounts.length > 0 && (
          <>
            <h3>{t('action.amounts')}</h3>
            <ul>
              {amounts.map((m, i) => (
                <li key={i}>
                  {t(`enum.kind.${m.kind}`, { defaultValue: m.kind })}: <strong>{formatMoney(m.amountMinor, m.currency, locale)}</strong>
                  {m.onDate && <> ({formatDate(m.onDate, locale)})</>}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <div className="two-col">
        <section className="section" aria-labelledby="partners">
          <h2 id="partners">{t('action.partners')}</h2>
          {a.partners.length === 0 ? (
            <p className="muted">{t('action.none')}</p>
          ) : (
            <ul className="plain-list">
              {a.partners.map((p) => (
                <li key={`${p.id}-${p.role ?? ''}`}>
                  <Link to={`/partners/${p.id}`}>{p.name}</Link>
                  <span className="muted small">
                    {p.role && <> · {t(`role.${p.role}`, { defaultValue: p.role })}</>}
                    {p.type && <> · {t(`partnerType.${p.type}`, { defaultValue: p.type })}</>}
                    {p.country && <> · {countryName(p.country)}</>}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="section" aria-labelledby="themes">
          <h2 id="themes">{t('action.themes')}</h2>
          {a.themes.length === 0 ? (
            <p className="muted">{t('action.none')}</p>
          ) : (
            <ul className="tags">
              {a.themes.map((code) => (
                <li key={code}>
                  <Link to={`/?theme=${encodeURIComponent(code)}`} className="tag">{themeName(code)}</Link>
                </li>
              ))}
            </ul>
          )}
          <DetailFields values={classification} />
        </section>
      </div>

      <CommitmentsPanel actionId={a.id} gadId={a.gad.id} />

      <DocumentsSection actionId={a.id} canUpload={can.edit(me, a.gad.id)} />

      <section className="section" aria-labelledby="lessons">
        <h2 id="lessons">{t('action.lessons')}</h2>
        {a.lessons.length === 0 ? (
          <p className="muted">{t('action.none')}</p>
        ) : (
          a.lessons.map((l, i) => (
            <div key={String(l.id ?? i)} className="card compact">
              {typeof l.title === 'string' && <h3>{l.title}</h3>}
              <DetailFields values={l} skip={['title', 'visibility', 'gadId']} />
            </div>
          ))
        )}
      </section>

      <section className="section" aria-labelledby="history">
        <h2 id="history">{t('action.history')}</h2>
        <p className="muted small">
          {t('action.version', { version: a.version })} · {t('action.created')} {formatDate(a.createdAt.slice(0, 10), locale)} · {t('action.updated')}{' '}
          {formatDate(a.updatedAt.slice(0, 10), locale)}
        </p>
        <History actionId={a.id} />
      </section>
    </article>
  );
}
