import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { getJson, sendJson } from '../../api/client.ts';
import { FormField } from '../../components/FormField.tsx';
import { formatDate } from '../../components/format.ts';
import { Loading } from '../../components/Status.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { changeLanguage, LANGUAGES, type Language } from '../../i18n/index.ts';
import { useSession, type Me } from '../../session/session.tsx';
import { fieldErrorsOf, problemText } from '../records/fieldErrors.ts';

interface ApiToken {
  id: string;
  name: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

function Profile({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const [form, setForm] = useState({
    displayName: me.displayName, position: me.position ?? '', phone: me.phone ?? '', showAsContact: me.showAsContact, locale: me.locale,
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    setErrors({});
    try {
      await sendJson('PATCH', '/me', {
        displayName: form.displayName, position: form.position || null, phone: form.phone || null, showAsContact: form.showAsContact, locale: form.locale,
      });
      if ((LANGUAGES as readonly string[]).includes(form.locale)) await changeLanguage(form.locale as Language);
      await refresh();
      setMessage({ ok: true, text: t('account.profile.saved') });
    } catch (error) {
      setErrors(fieldErrorsOf(t, error));
      setMessage({ ok: false, text: problemText(t, error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="section" aria-labelledby="profile-title">
      <h2 id="profile-title">{t('account.profile.title')}</h2>
      <dl className="summary">
        <div><dt>{t('account.profile.email')}</dt><dd>{me.email}</dd></div>
        <div><dt>{t('account.profile.role')}</dt><dd>{t(`account.role.${me.role}`)}</dd></div>
        {me.gad && <div><dt>{t('account.profile.gad')}</dt><dd>{me.gad.name}</dd></div>}
      </dl>
      <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate data-testid="profile-form">
        {message && <div className={`alert ${message.ok ? 'alert-success' : 'alert-error'}`} role={message.ok ? 'status' : 'alert'}>{message.text}</div>}
        <FormField id="displayName" label={t('account.profile.displayName')} error={errors.displayName}>
          {(p) => <input {...p} type="text" autoComplete="name" value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} />}
        </FormField>
        <FormField id="position" label={t('account.profile.position')} error={errors.position}>
          {(p) => <input {...p} type="text" autoComplete="organization-title" value={form.position} onChange={(e) => setForm({ ...form, position: e.target.value })} />}
        </FormField>
        <FormField id="phone" label={t('account.profile.phone')} error={errors.phone}>
          {(p) => <input {...p} type="text" inputMode="tel" autoComplete="tel" value={form.phone} onChange={(e) => setForm({ ...form, phone: e.target.value })} />}
        </FormField>
        <div className="field-check">
          <input id="showAsContact" type="checkbox" checked={form.showAsContact} onChange={(e) => setForm({ ...form, showAsContact: e.target.checked })}
            aria-describedby="showAsContact-hint" />
          <label htmlFor="showAsContact">{t('account.profile.showAsContact')}</label>
        </div>
        <p className="field-hint" id="showAsContact-hint">{t('account.profile.showAsContactHint')}</p>
        <FormField id="locale" label={t('account.profile.language')} error={errors.locale}>
          {(p) => (
            <select {...p} value={form.locale} onChange={(e) => setForm({ ...form, locale: e.target.value })}>
              {LANGUAGES.map((l) => <option key={l} value={l} lang={l}>{t(`language.${l}`)}</option>)}
            </select>
          )}
        </FormField>
        <div><button type="submit" className="button" disabled={busy}>{t('account.profile.save')}</button></div>
      </form>
    </section>
  );
}

function Tokens() {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'es';
  const [tokens, setTokens] = useState<ApiToken[] | null>(null);
  const [name, setName] = useState('');
  const [write, setWrite] = useState(false);
  const [days, setDays] = useState('90');
  const [secret, setSecret] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);

  const load = () => getJson<{ items: ApiToken[] }>('/me/tokens').then((r) => setTokens(r.items), (e: unknown) => setFailure(problemText(t, e)));
  useEffect(() => { void load(); }, []); // eslint-disable-line react-hooks/exhaustive-deps

  async function create(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    setFailure(null);
    setSecret(null);
    try {
      const created = await sendJson<{ token: string }>('POST', '/me/tokens', {
        name: name.trim(), scopes: write ? ['read', 'write'] : ['read'], expiresInDays: days ? Number(days) : null,
      });
      setSecret(created.token);
      setName('');
      await load();
    } catch (error) {
      setErrors(fieldErrorsOf(t, error));
      setFailure(problemText(t, error));
    }
  }

  async function revoke(id: string) {
    setFailure(null);
    try {
      await sendJson('DELETE', `/me/tokens/${encodeURIComponent(id)}`);
      await load();
    } catch (error) {
      setFailure(problemText(t, error));
    }
  }

  return (
    <section className="section" aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t('account.tokens.title')}</h2>
      <p className="lead">{t('account.tokens.lead')}</p>
      {failure && <div className="alert alert-error" role="alert">{failure}</div>}
      {secret && (
        <div className="alert alert-success" role="status" data-testid="token-secret">
          <p className="strong">{t('account.tokens.secretOnce')}</p>
          <code className="secret">{secret}</code>
        </div>
      )}
      {tokens === null ? <Loading /> : tokens.length === 0 ? <p className="muted">{t('account.tokens.none')}</p> : (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="tokens-title">
          <table className="table" data-testid="token-list">
            <caption>{t('account.tokens.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('account.tokens.name')}</th>
                <th scope="col">{t('account.tokens.scopes')}</th>
                <th scope="col">{t('account.tokens.created')}</th>
                <th scope="col">{t('account.tokens.expires')}</th>
                <th scope="col"><span className="visually-hidden">{t('account.tokens.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id}>
                  <th scope="row">{token.name}</th>
                  <td>{token.scopes.map((s) => t(`account.tokens.scope.${s}`, { defaultValue: s })).join(', ')}</td>
                  <td>{formatDate(token.createdAt.slice(0, 10), locale)}</td>
                  <td>{token.expiresAt ? formatDate(token.expiresAt.slice(0, 10), locale) : t('account.tokens.never')}</td>
                  <td>
                    {token.revokedAt ? <span className="muted">{t('account.tokens.revoked')}</span> : (
                      <button type="button" className="button button-danger" onClick={() => void revoke(token.id)}
                        aria-label={t('account.tokens.revokeNamed', { name: token.name })}>
                        {t('account.tokens.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="form" onSubmit={(event) => void create(event)} noValidate data-testid="token-form">
        <h3>{t('account.tokens.new')}</h3>
        <FormField id="token-name" label={t('account.tokens.name')} hint={t('account.tokens.nameHint')} error={errors.name}>
          {(p) => <input {...p} type="text" value={name} onChange={(e) => setName(e.target.value)} />}
        </FormField>
        <div className="field-check">
          <input id="token-write" type="checkbox" checked={write} onChange={(e) => setWrite(e.target.checked)} />
          <label htmlFor="token-write">{t('account.tokens.allowWrite')}</label>
        </div>
        <FormField id="token-days" label={t('account.tokens.days')} hint={t('account.tokens.daysHint')} error={errors.expiresInDays}>
          {(p) => <input {...p} type="number" min={1} max={366} value={days} onChange={(e) => setDays(e.target.value)} />}
        </FormField>
        <div><button type="submit" className="button">{t('account.tokens.create')}</button></div>
      </form>
    </section>
  );
}

export default function AccountPage() {
  const { t } = useTranslation();
  usePageTitle(t('account.title'));
  const { me } = useSession();
  if (me === undefined) return <Loading />;
  if (!me) return <Navigate to="/sign-in?next=%2Faccount" replace />;
  return (
    <div className="narrow" data-testid="account-page">
      <h1>{t('account.title')}</h1>
      <Profile me={me} />
      <Tokens />
    </div>
  );
}
