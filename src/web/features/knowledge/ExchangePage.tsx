import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { ErrorMessage, Loading } from '../../components/Status.tsx';
import { formatDate } from '../../components/format.ts';
import { useApi } from '../../components/useApi.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { useReference } from '../../components/useReference.ts';
import { can, useSession } from '../../session/session.tsx';
import { fieldErrors } from '../followup/api.ts';
import { knowledgeApi, REGIONS, type ExchangePost, type MatchReason, type Region } from './api.ts';
import { ContactCard } from './ContactCard.tsx';
import { KnowledgeNav } from './KnowledgeNav.tsx';

function Explanation({ reasons }: { reasons: MatchReason[] }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'es';
  const { themeName } = useReference();
  const region = (r: Region | null) => (r ? t(`knowledge.region.${r}`) : t('knowledge.exchange.anyRegion'));
  const say = (r: MatchReason) => {
    switch (r.reason) {
      case 'complements': return t(`knowledge.match.complements_${r.kind}`);
      case 'shared_themes': return t('knowledge.match.themes', { themes: r.themes.map(themeName).join(', ') });
      case 'region': return t('knowledge.match.region', { region: region(r.preferred) });
      case 'open_until': return t('knowledge.match.openUntil', { date: formatDate(r.date, locale) });
      case 'evidence': return t('knowledge.match.evidence', { count: r.actions.length });
    }
  };
  return (
    <ul className="explanation small" aria-label={t('knowledge.match.why')}>
      {reasons.map((r, i) => (
        <li key={i}>
          {say(r)}
          {r.reason === 'evidence' && r.actions.length > 0 && (
            <> {r.actions.slice(0, 3).map((a, j) => <span key={a.id}>{j > 0 ? ', ' : ''}<Link to={`/actions/${a.id}`}>{a.title}</Link></span>)}</>
          )}
        </li>
      ))}
    </ul>
  );
}

function MatchesPanel({ postId }: { postId: string }) {
  const { t } = useTranslation();
  const result = useApi((signal) => knowledgeApi.matches(postId, signal), [postId]);
  if (result.status === 'loading') return <Loading />;
  if (result.status === 'error') return <ErrorMessage error={result.error} onRetry={result.reload} />;
  const { posts, gads, partners } = result.data;
  return (
    <div className="matches" data-testid="matches">
      <h3>{t('knowledge.match.posts')}</h3>
      {posts.length === 0 ? <p className="muted small">{t('knowledge.match.none')}</p> : (
        <ul className="plain-list">{posts.map((m) => (
          <li key={m.post.id} className="card compact"><strong>{m.post.title}</strong> — {m.post.gad.name}<Explanation reasons={m.explanation} /></li>
        ))}</ul>
      )}
      <h3>{t('knowledge.match.gads')}</h3>
      {gads.length === 0 ? <p className="muted small">{t('knowledge.match.none')}</p> : (
        <ul className="plain-list">{gads.slice(0, 5).map((m) => (
          <li key={m.gad.id} className="card compact"><Link to={`/gads/${m.gad.dpaCode || m.gad.id}`}>{m.gad.name}</Link><Explanation reasons={m.explanation} /></li>
        ))}</ul>
      )}
      <h3>{t('knowledge.match.partners')}</h3>
      {partners.length === 0 ? <p className="muted small">{t('knowledge.match.none')}</p> : (
        <ul className="plain-list">{partners.slice(0, 5).map((m) => (
          <li key={m.partner.id} className="card compact"><Link to={`/partners/${m.partner.id}`}>{m.partner.name}</Link><Explanation reasons={m.explanation} /></li>
        ))}</ul>
      )}
    </div>
  );
}

function PostCard({ post }: { post: ExchangePost }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'es';
  const { themeName } = useReference();
  const [open, setOpen] = useState(false);
  return (
    <li className={`card post post-${post.kind}`} data-testid="exchange-post">
      <p className="badges"><span className="badge">{t(`knowledge.exchange.kind_${post.kind}`)}</span>
        {post.illustrative && <span className="badge badge-illustrative">{t('common.illustrative')}</span>}</p>
      <h2 className="h3">{post.title}</h2>
      <p className="small"><Link to={`/gads/${post.gad.dpaCode || post.gad.id}`}>{post.gad.name}</Link>
        {' · '}{t('knowledge.exchange.until', { date: formatDate(post.expiresOn, locale) })}
        {' · '}{post.preferredRegion ? t(`knowledge.region.${post.preferredRegion}`) : t('knowledge.exchange.anyRegion')}</p>
      {post.description && <p className="prose">{post.description}</p>}
      <ul className="tags" aria-label={t('knowledge.filters.theme')}>{post.themes.map((code) => <li key={code} className="tag">{themeName(code)}</li>)}</ul>
      <div className="button-row">
        <button type="button" className="button button-secondary" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="show-matches">
          {t('knowledge.match.show')}
        </button>
        <ContactCard contact={post.contact} subject={post.title} gadName={post.gad.name} />
      </div>
      {open && <MatchesPanel postId={post.id} />}
    </li>
  );
}

function NewPostForm({ onCreated }: { onCreated: (post: ExchangePost) => void }) {
  const { t, i18n } = useTranslation();
  const locale = (i18n.resolvedLanguage ?? 'es') as 'es' | 'en' | 'pt';
  const themes = useApi((signal) => api.themes(signal), []);
  const [values, setValues] = useState({ kind: 'offer' as 'offer' | 'request', title: '', description: '', themes: [] as string[], preferredRegion: '', expiresOn: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setErrors({}); setFailure(null);
    try {
      onCreated(await knowledgeApi.createPost({
        kind: values.kind, title: values.title.trim(), description: values.description.trim() || null, themes: values.themes,
        preferredRegion: (values.preferredRegion || null) as Region | null, expiresOn: values.expiresOn,
      }));
    } catch (error) {
      const fields = fieldErrors(error);
      setErrors(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.split('.')[0]!, v])));
      if (Object.keys(fields).length === 0) setFailure(error);
    }
  }
  const err = (name: string) => errors[name] && <p id={`post-${name}-error`} className="field-error">{errors[name]}</p>;
  const aria = (name: string) => ({ 'aria-invalid': !!errors[name], 'aria-describedby': errors[name] ? `post-${name}-error` : undefined });

  return (
    <form className="form card" noValidate onSubmit={(e) => void onSubmit(e)} data-testid="new-post-form">
      <h2 className="h3">{t('knowledge.exchange.newTitle')}</h2>
      <fieldset className="radio-group">
        <legend>{t('knowledge.exchange.kind')}</legend>
        {(['offer', 'request'] as const).map((k) => (
          <label key={k} className="radio"><input type="radio" name="post-kind" checked={values.kind === k} onChange={() => setValues({ ...values, kind: k })} />
            {t(`knowledge.exchange.kind_${k}`)}</label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="post-title">{t('knowledge.exchange.title_field')}</label>
        <input id="post-title" type="text" value={values.title} onChange={(e) => setValues({ ...values, title: e.target.value })} {...aria('title')} />
        {err('title')}
      </div>
      <div className="field">
        <label htmlFor="post-description">{t('knowledge.exchange.description')}</label>
        <textarea id="post-description" rows={3} value={values.description} onChange={(e) => setValues({ ...values, description: e.target.value })} />
      </div>
      <fieldset className="check-list" aria-describedby={errors.themes ? 'post-themes-error' : undefined}>
        <legend>{t('knowledge.exchange.themes')}</legend>
        {themes.status === 'ok' && themes.data.items.map((th) => (
          <label key={th.code} className="checkbox">
            <input type="checkbox" checked={values.themes.includes(th.code)}
              onChange={(e) => setValues({ ...values, themes: e.target.checked ? [...values.themes, th.code] : values.themes.filter((c) => c !== th.code) })} />
            {th.name[locale]}
          </label>
        ))}
        {err('themes')}
      </fieldset>
      <div className="field">
        <label htmlFor="post-region">{t('knowledge.exchange.region')}</label>
        <select id="post-region" value={values.preferredRegion} onChange={(e) => setValues({ ...values, preferredRegion: e.target.value })}>
          <option value="">{t('knowledge.exchange.anyRegion')}</option>
          {REGIONS.map((r) => <option key={r} value={r}>{t(`knowledge.region.${r}`)}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="post-expiresOn">{t('knowledge.exchange.expiresOn')}</label>
        <input id="post-expiresOn" type="date" value={values.expiresOn} onChange={(e) => setValues({ ...values, expiresOn: e.target.value })} {...aria('expiresOn')} />
        {err('expiresOn')}
      </div>
      {failure !== null && <ErrorMessage error={failure} />}
      <button type="submit" className="button">{t('knowledge.exchange.publish')}</button>
    </form>
  );
}

/** The partnership exchange: offers and requests, each with its explained matches. */
export default function ExchangePage() {
  const { t } = useTranslation();
  usePageTitle(t('knowledge.exchange.title'));
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind') ?? '';
  const [writing, setWriting] = useState(false);
  const [created, setCreated] = useState<ExchangePost[]>([]);
  const result = useApi((signal) => knowledgeApi.posts({ kind: kind || undefined }, signal), [kind]);
  const items = result.status === 'ok' ? [...created.filter((c) => !result.data.items.some((i) => i.id === c.id)), ...result.data.items] : created;

  return (
    <div>
      <header className="page-header">
        <h1>{t('knowledge.exchange.title')}</h1>
        <p className="lead">{t('knowledge.exchange.lead')}</p>
      </header>
      <KnowledgeNav />
      <div className="filter-bar">
        <div className="field">
          <label htmlFor="exchange-kind">{t('knowledge.exchange.kind')}</label>
          <select id="exchange-kind" value={kind} onChange={(e) => setParams(e.target.value ? { kind: e.target.value } : {})}>
            <option value="">{t('knowledge.filters.all')}</option>
            <option value="offer">{t('knowledge.exchange.kind_offer')}</option>
            <option value="request">{t('knowledge.exchange.kind_request')}</option>
          </select>
        </div>
        {can.edit(me) && !writing && (
          <button type="button" className="button" onClick={() => setWriting(true)}>{t('knowledge.exchange.new')}</button>
        )}
      </div>
      {writing && <NewPostForm onCreated={(post) => { setCreated((c) => [post, ...c]); setWriting(false); }} />}
      {result.status === 'loading' && <Loading />}
      {result.status === 'error' && <ErrorMessage error={result.error} onRetry={result.reload} />}
      {result.status === 'ok' && items.length === 0 && <p className="empty">{t('knowledge.exchange.none')}</p>}
      <ul className="plain-list" data-testid="exchange-list">
        {items.map((post) => <PostCard key={post.id} post={post} />)}
      </ul>
    </div>
  );
}
