import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ACTION_TYPES } from '../../api/client.ts';
import { GadPicker } from '../../components/GadPicker.tsx';
import { ErrorMessage, Loading } from '../../components/Status.tsx';
import { formatDate, formatDateTime } from '../../components/format.ts';
import { useApi } from '../../components/useApi.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { useSession } from '../../session/session.tsx';
import { COMMITMENT_KINDS, followUpApi, type BoardColumn, type CommitmentItem } from './api.ts';
import { CommitmentSummary } from './CommitmentCard.tsx';

const COLUMNS = ['overdue', 'dueSoon', 'later', 'done'] as const;
const FILTERS = ['gad', 'responsible', 'unit', 'kind', 'source'] as const;

function Column({ name, column, highlight }: { name: (typeof COLUMNS)[number]; column: BoardColumn; highlight: string | null }) {
  const { t } = useTranslation();
  const headingId = `board-${name}`;
  return (
    <section className={`board-column board-${name}`} aria-labelledby={headingId} data-testid={`board-${name}`}>
      <h2 id={headingId}>
        {t(`followup.board.${name}`)} <span className="facet-count">{column.total}</span>
      </h2>
      {column.items.length === 0 ? (
        <p className="muted small">{t('followup.board.empty')}</p>
      ) : (
        <ul className="plain-list">
          {column.items.map((c) => <Card key={c.id} c={c} highlighted={c.id === highlight} />)}
        </ul>
      )}
      {column.total > column.items.length && <p className="muted small">{t('followup.board.more', { count: column.total - column.items.length })}</p>}
    </section>
  );
}

function Card({ c, highlighted }: { c: CommitmentItem; highlighted: boolean }) {
  const { t } = useTranslation();
  return (
    <li className={`card compact commitment${highlighted ? ' commitment-highlight' : ''}`} data-testid="board-card"
      aria-current={highlighted ? 'true' : undefined} id={`commitment-${c.id}`}>
      {highlighted && <p className="visually-hidden">{t('followup.board.highlighted')}</p>}
      <CommitmentSummary c={c} showAction />
    </li>
  );
}

/** A GAD's follow-up board; every filter lives in the URL, and ?commitment=<id> (the reminder's link) is highlighted. */
export default function BoardPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'es';
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const highlight = params.get('commitment');
  const filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as Record<(typeof FILTERS)[number], string>;
  const [person, setPerson] = useState(filters.responsible);
  const [unit, setUnit] = useState(filters.unit);
  useEffect(() => { setPerson(filters.responsible); setUnit(filters.unit); }, [filters.responsible, filters.unit]);

  // The highlighted commitment decides the GAD when none is named, so a reminder link always lands on its board.
  const focus = useApi((signal) => (highlight ? followUpApi.commitment(highlight, signal) : Promise.resolve(null)), [highlight]);
  const gad = filters.gad || (focus.status === 'ok' && focus.data ? focus.data.gadId : '') || me?.gad?.id || '';
  const ready = me !== undefined && focus.status !== 'loading';
  const board = useApi(
    (signal) => (ready && gad ? followUpApi.board({ ...filters, gad }, signal) : Promise.resolve(null)),
    [ready, gad, filters.responsible, filters.unit, filters.kind, filters.source],
  );
  usePageTitle(t('followup.board.title'));

  useEffect(() => {
    if (highlight && board.status === 'ok') document.getElementById(`commitment-${highlight}`)?.scrollIntoView({ block: 'center' });
  }, [highlight, board.status]);

  function update(changes: Record<string, string>) {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    setParams(next);
  }
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    update({ responsible: person.trim(), unit: unit.trim() });
  }

  const data = board.status === 'ok' ? board.data : null;
  const focused = focus.status === 'ok' ? focus.data : null;
  const inColumns = data && focused ? COLUMNS.some((c) => data.columns[c].items.some((i) => i.id === focused.id)) : true;

  return (
    <div className="board-page">
      <header className="page-header">
        <h1>{t('followup.board.title')}{data && <> · {data.gad.name}</>}</h1>
        <p className="lead">{t('followup.board.lead')}</p>
        {data && <p className="muted small">{t('followup.board.window', { date: formatDate(data.dueBefore, locale) })}</p>}
        {data && <p className="muted small" data-testid="board-as-of">{t('followup.asOf', { date: formatDateTime(data.asOf, locale) })}</p>}
      </header>
      <form className="filter-bar card" onSubmit={onSubmit} aria-label={t('followup.board.filters')}>
        <div className="field">
          <GadPicker value={gad} onChange={(ref) => update({ gad: ref })} />
        </div>
        <div className="field">
          <label htmlFor="board-person">{t('followup.board.person')}</label>
          <input id="board-person" type="text" value={person} onChange={(e) => setPerson(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="board-unit">{t('followup.board.unit')}</label>
          <input id="board-unit" type="text" value={unit} onChange={(e) => setUnit(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="board-kind">{t('followup.board.kind')}</label>
          <select id="board-kind" value={filters.kind} onChange={(e) => update({ kind: e.target.value })}>
            <option value="">{t('followup.board.all')}</option>
            {COMMITMENT_KINDS.map((k) => <option key={k} value={k}>{t(`followup.kind.${k}`)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="board-source">{t('followup.board.source')}</label>
          <select id="board-source" value={filters.source} onChange={(e) => update({ source: e.target.value })}>
            <option value="">{t('followup.board.all')}</option>
            {ACTION_TYPES.map((k) => <option key={k} value={k}>{t(`actionType.${k}`)}</option>)}
          </select>
        </div>
        <button type="submit" className="button">{t('followup.board.apply')}</button>
      </form>
      {me?.role && ['platform_admin', 'gad_admin'].includes(me.role) && (
        <p><Link to="/follow-up/rules">{t('followup.rules.link')}</Link></p>
      )}
      {!gad && ready && <p className="empty">{t('followup.board.chooseGad')}</p>}
      {(board.status === 'loading' || !ready) && <Loading />}
      {board.status === 'error' && <ErrorMessage error={board.error} onRetry={board.reload} />}
      {focused && !inColumns && (
        <ul className="plain-list" aria-label={t('followup.board.highlighted')}>
          <Card c={focused} highlighted />
        </ul>
      )}
      {data && (
        <div className="board" data-testid="board">
          {COLUMNS.map((name) => <Column key={name} name={name} column={data.columns[name]} highlight={highlight} />)}
        </div>
      )}
    </div>
  );
}
