import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ACTION_TYPES } from '../../api/client.ts';
import { Pagination } from '../../components/Pagination.tsx';
import { ErrorMessage, Loading } from '../../components/Status.tsx';
import { formatDate } from '../../components/format.ts';
import { useApi } from '../../components/useApi.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { useReference } from '../../components/useReference.ts';
import { useUrlFilters } from '../../components/useUrlFilters.ts';
import { useSession } from '../../session/session.tsx';
import { knowledgeApi, type LessonFacets, type LessonSummary } from './api.ts';
import { ContactCard } from './ContactCard.tsx';
import { KnowledgeNav } from './KnowledgeNav.tsx';

const PAGE = 20;
const FILTERS = ['theme', 'partner', 'country', 'type', 'outcome'] as const;

function UsefulButton({ lesson }: { lesson: LessonSummary }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const [state, setState] = useState({ count: lesson.usefulCount, mine: lesson.votedByMe });
  const [error, setError] = useState<string | null>(null);
  const own = me?.gad?.id === lesson.gad.id;
  const label = t('knowledge.lesson.usefulCount', { count: state.count });
  if (!me || own) return <p className="small muted" data-testid="useful-count">{label}</p>;
  async function toggle() {
    setError(null);
    try {
      const answer = await knowledgeApi.markUseful(lesson.id, !state.mine);
      setState({ count: answer.usefulCount, mine: answer.votedByMe });
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  }
  return (
    <div className="useful">
      <button type="button" className={`button ${state.mine ? '' : 'button-secondary'}`} aria-pressed={state.mine}
        onClick={() => void toggle()} data-testid="useful-button">
        {state.mine ? t('knowledge.lesson.markedUseful') : t('knowledge.lesson.markUseful')}
      </button>
      <span className="small muted" data-testid="useful-count" aria-live="polite">{label}</span>
      {error && <p className="field-error" role="alert">{error}</p>}
    </div>
  );
}

function LessonCard({ lesson }: { lesson: LessonSummary }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'es';
  const { themeName } = useReference();
  const text = (key: 'results' | 'obstacles' | 'errors' | 'advice' | 'appliedHome') => lesson[key] && (
    <div className="field-row"><dt>{t(`knowledge.lesson.${key}`)}</dt><dd className="prose">{lesson[key]}</dd></div>
  );
  return (
    <li className="card lesson" data-testid="lesson">
      <h2 className="h3">{lesson.title}</h2>
      <p className="small">
        <Link to={`/gads/${lesson.gad.dpaCode || lesson.gad.id}`}>{lesson.gad.name}</Link>
        {' · '}<Link to={`/actions/${lesson.action.id}`}>{lesson.action.title}</Link>
        {lesson.action.startDate && <> · {formatDate(lesson.action.startDate, locale)}</>}
        {lesson.illustrative && <> · <span className="badge badge-illustrative">{t('common.illustrative')}</span></>}
      </p>
      {lesson.action.themes.length > 0 && (
        <ul className="tags" aria-label={t('knowledge.filters.theme')}>
          {lesson.action.themes.map((code) => <li key={code} className="tag">{themeName(code)}</li>)}
        </ul>
      )}
      <dl className="fields">
        {lesson.firstContactChannel && (
          <div className="field-row"><dt>{t('knowledge.lesson.channel')}</dt>
            <dd>{t(`enum.firstContactChannel.${lesson.firstContactChannel}`, { defaultValue: lesson.firstContactChannel })}</dd></div>
        )}
        {text('results')}
        {text('obstacles')}
        {text('errors')}
        {text('advice')}
        {text('appliedHome')}
        {lesson.negotiationWithheld ? (
          <div className="field-row"><dt>{t('knowledge.lesson.negotiation')}</dt><dd className="muted">{t('knowledge.lesson.withheld')}</dd></div>
        ) : lesson.negotiationSteps.length > 0 && (
          <div className="field-row"><dt>{t('knowledge.lesson.negotiation')}</dt>
            <dd><ol className="timeline">
              {lesson.negotiationSteps.map((s, i) => (
                <li key={i}>{s.occurredOn && <strong>{formatDate(s.occurredOn, locale)}: </strong>}{s.description}</li>
              ))}
            </ol></dd></div>
        )}
      </dl>
      <div className="button-row">
        <UsefulButton lesson={lesson} />
        <ContactCard contact={lesson.contact} subject={lesson.title} gadName={lesson.gad.name} />
      </div>
    </li>
  );
}

function FilterSelect({ name, facets, value, onChange }: { name: (typeof FILTERS)[number]; facets: LessonFacets | null; value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  const { themeName, countryName } = useReference();
  let options: { value: string; label: string; count?: number }[] = [];
  if (name === 'partner') options = (facets?.partner ?? []).map((p) => ({ value: p.id, label: p.name, count: p.count }));
  else if (name === 'type') options = ACTION_TYPES.map((type) => ({ value: type, label: t(`actionType.${type}`), count: facets?.type[type] ?? 0 }));
  else {
    const counts = facets?.[name] ?? {};
    const label = (code: string) => (name === 'theme' ? themeName(code) : name === 'country' ? countryName(code)
      : t(`enum.outcome.${code}`, { defaultValue: t(`enum.state.${code}`, { defaultValue: code }) }));
    options = Object.entries(counts).map(([code, count]) => ({ value: code, label: label(code), count }));
  }
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: value });
  return (
    <div className="field">
      <label htmlFor={`lesson-${name}`}>{t(`knowledge.filters.${name}`)}</label>
      <select id={`lesson-${name}`} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('knowledge.filters.all')}</option>
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}{o.count !== undefined ? ` (${o.count})` : ''}</option>)}
      </select>
    </div>
  );
}

/** Lessons learned by every GAD: search, filters in the URL, most useful first, with whom to ask. */
export default function KnowledgePage() {
  const { t } = useTranslation();
  usePageTitle(t('knowledge.title'));
  const filters = useUrlFilters();
  const { params, q, offset, text, setText, update, onSubmit } = filters;
  const values = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as Record<(typeof FILTERS)[number], string>;
  const sort = params.get('sort') === 'recent' ? 'recent' : 'useful';
  const result = useApi(
    (signal) => knowledgeApi.lessons({ q: q || undefined, ...Object.fromEntries(Object.entries(values).filter(([, v]) => v)), sort, limit: PAGE, offset }, signal),
    [q, sort, offset, ...Object.values(values)],
  );
  const data = result.status === 'ok' ? result.data : null;

  return (
    <div className="knowledge-page">
      <header className="page-header">
        <h1>{t('knowledge.title')}</h1>
        <p className="lead">{t('knowledge.lead')}</p>
      </header>
      <KnowledgeNav />
      <form className="card lesson-search" role="search" onSubmit={onSubmit}>
        <div className="search-row">
          <div className="field">
            <label htmlFor="lesson-q">{t('knowledge.search.label')}</label>
            <input id="lesson-q" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('knowledge.search.placeholder')} />
          </div>
          <button type="submit" className="button">{t('knowledge.search.submit')}</button>
        </div>
        <div className="filter-bar">
          {FILTERS.map((name) => (
            <FilterSelect key={name} name={name} facets={data?.facets ?? null} value={values[name]} onChange={(v) => update({ [name]: v, q: text.trim() })} />
          ))}
          <div className="field">
            <label htmlFor="lesson-sort">{t('knowledge.sort.label')}</label>
            <select id="lesson-sort" value={sort} onChange={(e) => update({ sort: e.target.value === 'recent' ? 'recent' : '' })}>
              <option value="useful">{t('knowledge.sort.useful')}</option>
              <option value="recent">{t('knowledge.sort.recent')}</option>
            </select>
          </div>
        </div>
      </form>
      {result.status === 'loading' && <Loading />}
      {result.status === 'error' && <ErrorMessage error={result.error} onRetry={result.reload} />}
      {data && (
        <>
          <p className="results-header" role="status">{t('knowledge.search.count', { count: data.total })}</p>
          {data.items.length === 0 ? <p className="empty">{t('knowledge.search.none')}</p> : (
            <ol className="plain-list" data-testid="lesson-list">
              {data.items.map((lesson) => <LessonCard key={lesson.id} lesson={lesson} />)}
            </ol>
          )}
          <Pagination total={data.total} offset={offset} limit={PAGE} onChange={(next) => update({ offset: String(next) }, true)} />
        </>
      )}
    </div>
  );
}
