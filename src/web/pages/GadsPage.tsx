import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { GAD_LEVELS, api } from '../api/client.ts';
import { IllustrativeBadge } from '../components/Badges.tsx';
import { Pagination } from '../components/Pagination.tsx';
import { ErrorMessage, Loading } from '../components/Status.tsx';
import { useApi } from '../components/useApi.ts';
import { usePageTitle } from '../components/usePageTitle.ts';

const PAGE_SIZE = 50;

export default function GadsPage() {
  const { t } = useTranslation();
  usePageTitle(t('gads.title'));
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const level = params.get('level') ?? '';
  const offset = Math.max(0, Number(params.get('offset')) || 0);
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);

  const result = useApi(
    (signal) => api.gads({ q: q || undefined, level: level || undefined, limit: PAGE_SIZE, offset }, signal),
    [q, level, offset],
  );

  function update(changes: Record<string, string>, keepOffset = false) {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    if (!keepOffset) next.delete('offset');
    setParams(next);
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    update({ q: text.trim() });
  }

  return (
    <div>
      <h1>{t('gads.title')}</h1>
      <p className="lead">{t('gads.intro')}</p>
      <form className="filter-bar card" onSubmit={onSubmit}>
        <div className="field">
          <label htmlFor="gads-q">{t('gads.searchLabel')}</label>
          <input id="gads-q" type="search" value={text} onChange={(event) => setText(event.target.value)} data-testid="gads-search" />
        </div>
        <div className="field">
          <label htmlFor="gads-level">{t('gads.levelLabel')}</label>
          <select id="gads-level" value={level} onChange={(event) => update({ level: event.target.value, q: text.trim() })}>
            <option value="">{t('gads.allLevels')}</option>
            {GAD_LEVELS.map((l) => (
              <option key={l} value={l}>
                {t(`gadLevel.${l}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          {t('gads.filter')}
        </button>
      </form>

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
