import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type ActionDetail, type ActionSummary, type GadDetail } from '../api/client.ts';
import { IllustrativeBadge } from '../components/Badges.tsx';
import { ActionItem } from '../components/ActionItem.tsx';
import { KindYearTable } from '../components/KindYearTable.tsx';
import { ErrorMessage, Loading, isNotFound } from '../components/Status.tsx';
import { formatDate } from '../components/format.ts';
import { useApi } from '../components/useApi.ts';
import { usePageTitle } from '../components/usePageTitle.ts';
import { useReference } from '../components/useReference.ts';
import NotFoundPage from './NotFoundPage.tsx';
import { FollowUpIndicators } from '../features/followup/FollowUpIndicators.tsx';
import { PlanSummary } from '../features/plans/PlanSummary.tsx';

const PAGE = 200;
const MAX_ACTIONS = 1000;
const MAX_DETAILS = 40;

interface Profile {
  gad: GadDetail;
  actions: ActionSummary[];
  total: number;
  agreements: ActionDetail[];
  memberships: ActionDetail[];
  partnerCountries: Map<string, string | null>;
}

async function loadProfile(ref: string, signal: AbortSignal): Promise<Profile> {
  const gad = await api.gad(ref, signal);
  const actions: ActionSummary[] = [];
  let total = 0;
  do {
    const page = await api.actions({ gad: gad.id, sort: 'date_asc', limit: PAGE, offset: actions.length }, signal);
    total = page.total;
    actions.push(...page.items);
    if (page.items.length === 0) break;
  } while (actions.length < total && actions.length < MAX_ACTIONS);
  // The list has no kind-specific fields; agreement states and network roles need the records themselves.
  const detailOf = (type: string) =>
    Promise.all(actions.filter((a) => a.type === type).slice(-MAX_DETAILS).map((a) => api.action(a.id, signal)));
  const [agreements, memberships, partnerCountries] = await Promise.all([
    detailOf('agreement'),
    detailOf('membership'),
    loadPartnerCountries(signal),
  ]);
  return { gad, actions, total, agreements, memberships, partnerCountries };
}

/** Partner summaries in actions carry no country; the partner list does, in a few pages at most. */
async function loadPartnerCountries(signal: AbortSignal): Promise<Map<string, string | null>> {
  const countries = new Map<string, string | null>();
  let total = 0;
  let offset = 0;
  do {
    const page = await api.partners({ limit: PAGE, offset }, signal).catch(() => null);
    if (!page || page.items.length === 0) break;
    total = page.total;
    for (const p of page.items) countries.set(p.id, p.country);
    offset += page.items.length;
  } while (offset < total && offset < MAX_ACTIONS);
  return countries;
}

export default function GadProfilePage() {
  const { ref = '' } = useParams();
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'es';
  const { countryName } = useReference();
  const result = useApi((signal) => loadProfile(ref, signal), [ref]);
  usePageTitle(result.status === 'ok' ? result.data.gad.name : t('gad.profile'));

  if (result.status === 'loading') return <Loading />;
  if (result.status === 'error') return isNotFound(result.error) ? <NotFoundPage /> : <ErrorMessage error={result.error} onRetry={result.reload} />;
  const { gad, actions, total, agreements, memberships, partnerCountries } = result.data;

  const partners = new Map<string, { id: string; name: string; country: string | null }>();
  for (const action of actions) for (const p of action.partners) partners.set(p.id, { id: p.id, name: p.name, country: partnerCountries.get(p.id) ?? null });
  for (const record of [...agreements, ...memberships]) for (const p of record.partners) partners.set(p.id, { id: p.id, name: p.name, country: p.country });
  const byCountry = new Map<string, { id: string; name: string }[]>();
  for (const p of partners.values()) {
    const key = p.country ?? '';
    byCountry.set(key, [...(byCountry.get(key) ?? []), p]);
  }
  const countries = [...byCountry.entries()]
    .map(([code, list]) => ({ code, name: code ? countryName(code) : t('gad.unknownCountry'), list }))
    .sort((a, b) => (a.code === '' ? 1 : b.code === '' ? -1 : b.list.length - a.list.length || a.name.localeCompare(b.name, locale)));
  const latest = [...actions].sort((a, b) => (b.startDate ?? '').localeCompare(a.startDate ?? '')).slice(0, 5);
  const date = (value: unknown) => (typeof value === 'string' ? formatDate(value, locale) : '');

  return (
    <article className="profile" data-testid="gad-profile">
      <header className="page-header">
        <p className="eyebrow">{t(`gadLevel.${gad.level}`)} · DPA <code>{gad.dpaCode}</code></p>
        <h1>
          {gad.name} {gad.illustrative && <IllustrativeBadge />}
        </h1>
        {gad.parent && (
          <p>
            {t('gads.parent')}: <Link to={`/gads/${gad.parent.dpaCode || gad.parent.id}`}>{gad.parent.name}</Link>
          </p>
        )}
        <p className="lead">{t('gad.actionsTotal', { count: total })}</p>
        {total > 0 && (
          <p>
            <Link to={`/?gad=${encodeURIComponent(gad.dpaCode || gad.id)}`}>{t('gad.seeAll')}</Link>
          </p>
        )}
      </header>

      <FollowUpIndicators gadId={gad.id} />
      <PlanSummary gadId={gad.id} />

      {actions.length === 0 ? (
        <p className="empty">{t('gad.noActions')}</p>
      ) : (
        <>
          <section aria-labelledby="by-year" className="section">
            <h2 id="by-year">{t('gad.byYearAndKind')}</h2>
            {actions.length < total && <p className="muted">{t('gad.partial', { count: actions.length })}</p>}
            <KindYearTable actions={actions} />
          </section>

          <div className="two-col">
            <section aria-labelledby="agreements" className="section">
              <h2 id="agreements">{t('gad.agreements')}</h2>
              {agreements.length === 0 ? (
                <p className="muted">{t('gad.noAgreements')}</p>
              ) : (
                <ul className="plain-list">
                  {agreements.map((a) => (
                    <li key={a.id} className="card compact">
                      <Link to={`/actions/${a.id}`}>{a.title}</Link> {a.illustrative && <IllustrativeBadge />}
                      <p className="small muted">
                        {a.details?.kind && <>{t(`enum.kind.${a.details.kind}`, { defaultValue: a.details.kind })} · </>}
                        {a.details?.state && (
                          <span className={`state state-${a.details.state}`}>{t(`enum.state.${a.details.state}`, { defaultValue: a.details.state })}</span>
                        )}
                        {a.details?.signedOn && <> · {t('gad.signedOn')} {date(a.details.signedOn)}</>}
                        {a.details?.sentToMinistryOn && <> · {t('gad.sentToMinistry')} {date(a.details.sentToMinistryOn)}</>}
                      </p>
                    </li>
                  ))}
                </ul>
              )}
            </section>

            <section aria-labelledby="memberships" className="section">
              <h2 id="memberships">{t('gad.memberships')}</h2>
              {memberships.length === 0 ? (
                <p className="muted">{t('gad.noMemberships')}</p>
              ) : (
                <ul className="plain-list">
                  {memberships.map((m) => (
                    <li key={m.id} className="card compact">
                      <Link to={`/actions/${m.id}`}>{m.title}</Link> {m.illustrative && <IllustrativeBadge />}
                      {m.details?.activityLevel && (
                        <p className="small muted">
                          {t('gad.activity')}: {t(`enum.activityLevel.${m.details.activityLevel}`, { defaultValue: m.details.activityLevel })}
                        </p>
                      )}
                      {(m.details?.roles?.length ?? 0) > 0 && (
                        <ul className="small">
                          {m.details!.roles!.map((r, i) => (
                            <li key={i}>
                              {r.label || t(`membershipRole.${r.role}`, { defaultValue: r.role })}
                              {r.body && <> — {r.body}</>}
                              {(r.termStart || r.termEnd) && <> ({[date(r.termStart), date(r.termEnd)].filter(Boolean).join(' – ')})</>}
                            </li>
                          ))}
                        </ul>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </div>

          <section aria-labelledby="partners-by-country" className="section">
            <h2 id="partners-by-country">{t('gad.partnersByCountry')}</h2>
            {countries.length === 0 ? (
              <p className="muted">{t('gad.noPartners')}</p>
            ) : (
              <dl className="country-list">
                {countries.map((c) => (
                  <div key={c.code || 'none'}>
                    <dt>
                      {c.name} <span className="facet-count">{c.list.length}</span>
                    </dt>
                    <dd>
                      {c.list.map((p, i) => (
                        <span key={p.id}>
                          {i > 0 && ', '}
                          <Link to={`/partners/${p.id}`}>{p.name}</Link>
                        </span>
                      ))}
                    </dd>
                  </div>
                ))}
              </dl>
            )}
          </section>

          <section aria-labelledby="latest" className="section">
            <h2 id="latest">{t('gad.latest')}</h2>
            <ol className="result-list">
              {latest.map((a) => (
                <ActionItem key={a.id} action={a} />
              ))}
            </ol>
          </section>
        </>
      )}
    </article>
  );
}
