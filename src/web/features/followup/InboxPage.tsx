import { useState } from 'react';
import { Link, Navigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorMessage, Loading } from '../../components/Status.tsx';
import { formatDateTime } from '../../components/format.ts';
import { useApi } from '../../components/useApi.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { useSession } from '../../session/session.tsx';
import { followUpApi, type Notification } from './api.ts';
import { announceUnread } from './UnreadLabel.tsx';

function DigestPreference() {
  const { t } = useTranslation();
  const result = useApi((signal) => followUpApi.preference(signal), []);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (result.status !== 'ok') return null;
  const current = saved ?? result.data.digest;
  return (
    <section className="section card" aria-labelledby="digest">
      <h2 id="digest">{t('followup.digest.title')}</h2>
      <div className="field">
        <label htmlFor="digest-select">{t('followup.digest.label')}</label>
        <select id="digest-select" value={current} data-testid="digest-select"
          onChange={(e) => {
            const value = e.target.value as 'none' | 'daily' | 'weekly';
            setError(null);
            followUpApi.savePreference(value).then((answer) => setSaved(answer.digest), setError);
          }}>
          {(['daily', 'weekly', 'none'] as const).map((d) => <option key={d} value={d}>{t(`followup.digest.${d}`)}</option>)}
        </select>
      </div>
      <p className="muted small" role="status">{saved ? t('followup.digest.saved') : ''}</p>
      {error !== null && <ErrorMessage error={error} />}
    </section>
  );
}

export default function InboxPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'es';
  const { me } = useSession();
  const [onlyUnread, setOnlyUnread] = useState(false);
  const [read, setRead] = useState<Record<string, string>>({});
  const result = useApi((signal) => (me ? followUpApi.inbox({ unread: onlyUnread ? 'true' : undefined, limit: 100 }, signal) : Promise.resolve(null)), [me?.id, onlyUnread]);
  usePageTitle(t('followup.inbox.title'));
  if (me === null) return <Navigate to="/sign-in?next=%2Finbox" replace />;

  const items: Notification[] = result.status === 'ok' && result.data ? result.data.items : [];
  const isRead = (n: Notification) => !!(n.readAt ?? read[n.id]);
  const unread = items.filter((n) => !isRead(n)).length;

  async function markRead(n: Notification) {
    const answer = await followUpApi.markRead(n.id);
    setRead((r) => ({ ...r, [n.id]: answer.readAt ?? new Date().toISOString() }));
    announceUnread();
  }
  async function markAll() {
    await followUpApi.markAllRead();
    setRead(Object.fromEntries(items.map((n) => [n.id, new Date().toISOString()])));
    announceUnread();
  }

  return (
    <div className="inbox-page">
      <header className="page-header">
        <h1>{t('followup.inbox.title')}</h1>
        <p className="lead" role="status">{t('followup.inbox.unread', { count: unread })}</p>
      </header>
      <div className="button-row">
        <label className="checkbox">
          <input type="checkbox" checked={onlyUnread} onChange={(e) => setOnlyUnread(e.target.checked)} />
          {t('followup.inbox.onlyUnread')}
        </label>
        <button type="button" className="button button-secondary" onClick={() => void markAll()} disabled={unread === 0}>
          {t('followup.inbox.markAll')}
        </button>
      </div>
      {(result.status === 'loading' || me === undefined) && <Loading />}
      {result.status === 'error' && <ErrorMessage error={result.error} onRetry={result.reload} />}
      {result.status === 'ok' && items.length === 0 && <p className="empty">{t('followup.inbox.empty')}</p>}
      <ul className="plain-list" data-testid="inbox">
        {items.map((n) => (
          <li key={n.id} className={`card compact notification${isRead(n) ? '' : ' notification-unread'}`}>
            <p className="strong">
              {!isRead(n) && <span className="badge badge-unread">{t('followup.inbox.new')}</span>} {n.title}
            </p>
            {n.body && <p className="prose">{n.body}</p>}
            <p className="small muted">{formatDateTime(n.createdAt, locale)}</p>
            <div className="button-row">
              {n.link && n.link.startsWith('/') && <Link to={n.link} onClick={() => { if (!isRead(n)) void markRead(n); }}>{t('followup.inbox.open')}</Link>}
              {!isRead(n) && (
                <button type="button" className="button-link" onClick={() => void markRead(n)}>{t('followup.inbox.markRead')}</button>
              )}
            </div>
          </li>
        ))}
      </ul>
      <DigestPreference />
    </div>
  );
}
