import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, type LocalisedName } from '../../api/client.ts';
import { ErrorMessage, Loading } from '../../components/Status.tsx';
import { formatDate } from '../../components/format.ts';
import { useApi } from '../../components/useApi.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { useReference } from '../../components/useReference.ts';
import { knowledgeApi, type PeerWhy } from './api.ts';
import { KnowledgeNav } from './KnowledgeNav.tsx';

function useLists() {
  return useApi(async (signal) => {
    const [themes, countries] = await Promise.all([api.themes(signal), api.countries(signal)]);
    return { themes: themes.items, countries: countries.items };
  }, []);
}

/** "Who in Ecuador already worked with P, on T, or with C?": ranked GADs, each with its evidence. */
export default function PeersPage() {
  const { t, i18n } = useTranslation();
  const locale = (i18n.resolvedLanguage ?? 'es') as 'es' | 'en' | 'pt';
  usePageTitle(t('knowledge.peers.title'));
  const { themeName, countryName } = useReference();
  const [params, setParams] = useSearchParams();
  const query = { partner: params.get('partner') ?? '', theme: params.get('theme') ?? '', country: params.get('country') ?? '' };
  const [partnerText, setPartnerText] = useState('');
  const lists = useLists();
  const partnerOptions = useApi((signal) => (partnerText.trim().length >= 2 ? api.partners({ q: partnerText.trim(), limit: 20 }, signal) : Promise.resolve(null)), [partnerText]);
  const chosenPartner = useApi((signal) => (query.partner ? api.partner(query.partner, signal) : Promise.resolve(null)), [query.partner]);
  const asked = Boolean(query.partner || query.theme || query.country);
  const result = useApi((signal) => (asked ? knowledgeApi.peers(query, signal) : Promise.resolve(null)), [query.partner, query.theme, query.country]);

  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value); else next.delete(name);
    setParams(next);
  };
  const why = (w: PeerWhy) => w.reason === 'partner' ? t('knowledge.peers.whyPartner', { roles: w.roles.join(', ') })
    : w.reason === 'theme' ? t('knowledge.peers.whyTheme', { theme: themeName(w.theme) })
    : t(w.via === 'place' ? 'knowledge.peers.whyPlace' : 'knowledge.peers.whyPartnerCountry', { country: countryName(w.country) });
  const sorted = <T extends { name: LocalisedName }>(items: T[]) => [...items].sort((a, b) => a.name[locale].localeCompare(b.name[locale], locale));

  return (
    <div>
      <header className="page-header">
        <h1>{t('knowledge.peers.title')}</h1>
        <p className="lead">{t('knowledge.peers.lead')}</p>
      </header>
      <KnowledgeNav />
      <form className="filter-bar card" onSubmit={(e) => e.preventDefault()} aria-label={t('knowledge.peers.title')}>
        <div className="field">
          <label htmlFor="peer-partner-q">{t('knowledge.peers.partnerSearch')}</label>
          <input id="peer-partner-q" type="search" value={partnerText} onChange={(e) => setPartnerText(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="peer-partner">{t('knowledge.peers.partner')}</label>
          <select id="peer-partner" value={query.partner} onChange={(e) => set('partner', e.target.value)}>
            <option value="">{t('knowledge.filters.all')}</option>
            {chosenPartner.status === 'ok' && chosenPartner.data && <option value={chosenPartner.data.id}>{chosenPartner.data.name}</option>}
            {partnerOptions.status === 'ok' && partnerOptions.data?.items.filter((p) => p.id !== query.partner).map((p) => (
              <option key={p.id} value={p.id}>{p.name}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="peer-theme">{t('knowledge.filters.theme')}</label>
          <select id="peer-theme" value={query.theme} onChange={(e) => set('theme', e.target.value)}>
            <option value="">{t('knowledge.filters.all')}</option>
            {lists.status === 'ok' && sorted(lists.data.themes).map((th) => <option key={th.code} value={th.code}>{th.name[locale]}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="peer-country">{t('knowledge.filters.country')}</label>
          <select id="peer-country" value={query.country} onChange={(e) => set('country', e.target.value)}>
            <option value="">{t('knowledge.filters.all')}</option>
            {lists.status === 'ok' && sorted(lists.data.countries).map((c) => <option key={c.code} value={c.code}>{c.name[locale]}</option>)}
          </select>
        </div>
      </form>
      {!asked && <p className="empty">{t('knowledge.peers.ask')}</p>}
      {result.status === 'loading' && asked && <Loading />}
      {result.status === 'error' && <ErrorMessage error={result.error} onRetry={result.reload} />}
      {result.status === 'ok' && result.data && (
        <>
          <p role="status" className="results-header">{t('knowledge.peers.count', { count: result.data.total })}</p>
          <ol className="plain-list" data-testid="peer-list">
            {result.data.items.map((peer) => (
              <li key={peer.gad.id} className="card">
                <h2 className="h3"><Link to={`/gads/${peer.gad.dpaCode || peer.gad.id}`}>{peer.gad.name}</Link></h2>
                <p className="small muted">{t('knowledge.peers.evidence', { count: peer.evidence.length })} · {t('knowledge.peers.lessons', { count: peer.lessons.length })}</p>
                <ul className="small">
                  {peer.evidence.map((e) => (
                    <li key={e.actionId}>
                      <Link to={`/actions/${e.actionId}`}>{e.title}</Link> ({t(`actionType.${e.type}`, { defaultValue: e.type })}{e.startDate && `, ${formatDate(e.startDate, locale)}`})
                      {' — '}{e.why.map(why).join('; ')}
                    </li>
                  ))}
                </ul>
                {peer.lessons.length > 0 && (
                  <p className="small">{t('knowledge.peers.lessonsTitle')}: {peer.lessons.map((l, i) => (
                    <span key={l.id}>{i > 0 && ', '}<Link to={`/actions/${l.actionId}`}>{l.title}</Link></span>
                  ))}</p>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
