import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { useSession } from '../../session/session.tsx';
import { followUpApi } from './api.ts';

const EVENT = 'glocal:inbox-changed';

/** Tells the navigation label to count again (after marking notifications read). */
export function announceUnread() {
  window.dispatchEvent(new Event(EVENT));
}

/** The inbox's navigation label with the unread count, refreshed on each navigation and after reads. */
export function UnreadLabel() {
  const { t } = useTranslation();
  const { me } = useSession();
  const location = useLocation();
  const [unread, setUnread] = useState(0);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const onChange = () => setTick((n) => n + 1);
    window.addEventListener(EVENT, onChange);
    return () => window.removeEventListener(EVENT, onChange);
  }, []);

  useEffect(() => {
    if (!me) return;
    const controller = new AbortController();
    followUpApi.unreadCount(controller.signal).then((answer) => setUnread(answer.unread), () => undefined);
    return () => controller.abort();
  }, [me, location.pathname, tick]);

  if (unread === 0) return <>{t('followup.nav.inbox')}</>;
  return (
    <>
      {t('followup.nav.inbox')} <span className="nav-count" data-testid="unread-count">{unread}</span>
      <span className="visually-hidden"> {t('followup.nav.unread', { count: unread })}</span>
    </>
  );
}
