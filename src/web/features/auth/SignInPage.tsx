import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { useSession } from '../../session/session.tsx';

/** Only paths inside this site: a crafted ?next=https://elsewhere must not turn sign-in into a redirector. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export default function SignInPage() {
  const { t } = useTranslation();
  usePageTitle(t('auth.signIn.title'));
  const { me, signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (me) return <Navigate to={next} replace />;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
      navigate(next, { replace: true });
    } catch (caught) {
      const status = caught instanceof ApiError ? caught.status : 0;
      setError(t(status === 401 ? 'auth.signIn.wrong' : status === 429 ? 'auth.signIn.tooMany' : status === 423 ? 'auth.signIn.locked' : 'auth.signIn.failed'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="narrow">
      <h1>{t('auth.signIn.title')}</h1>
      <p className="lead">{t('auth.signIn.lead')}</p>
      <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate data-testid="sign-in-form">
        {error && (
          <div className="alert alert-error" role="alert" data-testid="sign-in-error">
            {error}
          </div>
        )}
        <div className="field">
          <label htmlFor="sign-in-email">{t('auth.signIn.email')}</label>
          <input id="sign-in-email" name="email" type="email" autoComplete="username" required value={email}
            onChange={(event) => setEmail(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="sign-in-password">{t('auth.signIn.password')}</label>
          <input id="sign-in-password" name="password" type="password" autoComplete="current-password" required value={password}
            onChange={(event) => setPassword(event.target.value)} />
        </div>
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('auth.signIn.busy') : t('auth.signIn.submit')}
        </button>
      </form>
      <p>
        <Link to="/forgot-password" data-testid="forgot-password-link">{t('auth.signIn.forgot')}</Link>
      </p>
      <p className="muted">{t('auth.signIn.demoHint')}</p>
    </div>
  );
}
