import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { getJson, sendJson } from '../../api/client.ts';
import { FormField } from '../../components/FormField.tsx';
import { formatDate } from '../../components/format.ts';
import { ErrorMessage, Loading } from '../../components/Status.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { LANGUAGES } from '../../i18n/index.ts';
import { can, useSession } from '../../session/session.tsx';
import { fieldErrorsOf, problemText } from '../records/fieldErrors.ts';

interface UserRow { id: string; email: string; displayName: string; role: string; gad: { id: string; name: string } | null; disabled: boolean }
interface InvitationRow { id: string; email: string; role: string; expiresAt: string; acceptedAt: string | null }
interface Users { items: UserRow[]; invitations: InvitationRow[] }

const INVITABLE = ['gad_editor', 'gad_viewer', 'gad_admin'] as const;

function InviteForm({ onInvited }: { onInvited(): void }) {
  const { t, i18n } = useTranslation();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<string>('gad_editor');
  const [locale, setLocale] = useState(i18n.resolvedLanguage ?? 'es');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    setMessage(null);
    try {
      await sendJson('POST', '/invitations', { email: email.trim(), role, locale });
      setMessage({ ok: true, text: t('admin.invite.sent', { email: email.trim() }) });
      setEmail('');
      onInvited();
    } catch (error) {
      setErrors(fieldErrorsOf(t, error));
      setMessage({ ok: false, text: problemText(t, error) });
    }
  }

  return (
    <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate data-testid="invite-form">
      <h2>{t('admin.invite.title')}</h2>
      {message && <div className={`alert ${message.ok ? 'alert-success' : 'alert-error'}`} role={message.ok ? 'status' : 'alert'}>{message.text}</div>}
      <FormField id="invite-email" label={t('admin.invite.email')} error={errors.email}>
        {(p) => <input {...p} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />}
      </FormField>
      <div className="row">
        <FormField id="invite-role" label={t('admin.invite.role')} error={errors.role}>
          {(p) => (
            <select {...p} value={role} onChange={(e) => setRole(e.target.value)}>
              {INVITABLE.map((r) => <option key={r} value={r}>{t(`account.role.${r}`)}</option>)}
            </select>
          )}
        </FormField>
        <FormField id="invite-locale" label={t('admin.invite.language')} error={errors.locale}>
          {(p) => (
            <select {...p} value={locale} onChange={(e) => setLocale(e.target.value)}>
              {LANGUAGES.map((l) => <option key={l} value={l} lang={l}>{t(`language.${l}`)}</option>)}
            </select>
          )}
        </FormField>
      </div>
      <div><button type="submit" className="button">{t('admin.invite.submit')}</button></div>
    </form>
  );
}

export default function UsersPage() {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'es';
  usePageTitle(t('admin.title'));
  const { me } = useSession();
  const [data, setData] = useState<Users | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const allowed = can.administer(me);

  useEffect(() => {
    if (!allowed) return;
    getJson<Users>('/users').then(setData, setError);
  }, [allowed, attempt]);

  if (me === undefined) return <Loading />;
  if (!me) return <Navigate to="/sign-in?next=%2Fadmin%2Fusers" replace />;
  if (!allowed) return <div className="alert alert-error" role="alert"><p>{t('records.error.forbidden')}</p><p>{t('admin.onlyAdmins')}</p></div>;

  return (
    <div data-testid="admin-users">
      <header className="page-header">
        <h1>{t('admin.title')}</h1>
        <p className="lead">{me.gad ? t('admin.leadGad', { gad: me.gad.name }) : t('admin.leadAll')}</p>
      </header>
      {error ? <ErrorMessage error={error} onRetry={() => setAttempt((n) => n + 1)} /> : !data ? <Loading /> : (
        <>
          <section className="section" aria-labelledby="users-title">
            <h2 id="users-title">{t('admin.users.title', { count: data.items.length })}</h2>
            <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="users-title">
              <table className="table" data-testid="user-list">
                <thead>
                  <tr>
                    <th scope="col">{t('admin.users.name')}</th>
                    <th scope="col">{t('admin.users.email')}</th>
                    <th scope="col">{t('admin.users.role')}</th>
                    <th scope="col">{t('admin.users.gad')}</th>
                    <th scope="col">{t('admin.users.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((u) => (
                    <tr key={u.id}>
                      <th scope="row">{u.displayName}</th>
                      <td>{u.email}</td>
                      <td>{t(`account.role.${u.role}`, { defaultValue: u.role })}</td>
                      <td>{u.gad?.name ?? t('common.none')}</td>
                      <td>{u.disabled ? t('admin.users.disabled') : t('admin.users.active')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section className="section" aria-labelledby="invitations-title">
            <h2 id="invitations-title">{t('admin.invitations.title')}</h2>
            {data.invitations.length === 0 ? <p className="muted">{t('admin.invitations.none')}</p> : (
              <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="invitations-title">
                <table className="table" data-testid="invitation-list">
                  <thead>
                    <tr>
                      <th scope="col">{t('admin.users.email')}</th>
                      <th scope="col">{t('admin.users.role')}</th>
                      <th scope="col">{t('admin.users.status')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.invitations.map((i) => (
                      <tr key={i.id}>
                        <th scope="row">{i.email}</th>
                        <td>{t(`account.role.${i.role}`, { defaultValue: i.role })}</td>
                        <td>
                          {i.acceptedAt
                            ? t('admin.invitations.accepted', { date: formatDate(i.acceptedAt.slice(0, 10), locale) })
                            : t('admin.invitations.pending', { date: formatDate(i.expiresAt.slice(0, 10), locale) })}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          {me.gad && <InviteForm onInvited={() => setAttempt((n) => n + 1)} />}
        </>
      )}
    </div>
  );
}
