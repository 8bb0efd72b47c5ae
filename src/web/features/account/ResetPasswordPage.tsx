import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { sendJson } from '../../api/client.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { fieldErrorsOf, problemText } from '../records/fieldErrors.ts';
import { NewPasswordFields } from './NewPasswordFields.tsx';
import { tokenFromHash } from './token.ts';

export default function ResetPasswordPage() {
  const { t } = useTranslation();
  usePageTitle(t('account.reset.title'));
  const token = tokenFromHash(useLocation().hash);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [done, setDone] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    if (password !== repeat) {
      setErrors({ repeat: t('account.password.mismatch') });
      return;
    }
    setErrors({});
    try {
      await sendJson('POST', '/auth/password-reset/confirm', { token, password });
      setDone(true);
    } catch (error) {
      const fields = fieldErrorsOf(t, error);
      setErrors(fields);
      setFailure(fields.token ? t('account.reset.badToken') : problemText(t, error));
    }
  }

  return (
    <div className="narrow">
      <h1>{t('account.reset.title')}</h1>
      {!token ? (
        <div className="alert alert-error" role="alert">
          <p>{t('account.reset.noToken')}</p>
          <p><Link to="/forgot-password">{t('account.reset.again')}</Link></p>
        </div>
      ) : done ? (
        <div className="alert alert-success" role="status" data-testid="reset-done">
          <p>{t('account.reset.done')}</p>
          <p><Link to="/sign-in">{t('account.backToSignIn')}</Link></p>
        </div>
      ) : (
        <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate>
          {failure && <div className="alert alert-error" role="alert">{failure} {errors.token && <Link to="/forgot-password">{t('account.reset.again')}</Link>}</div>}
          <NewPasswordFields password={password} repeat={repeat} onPassword={setPassword} onRepeat={setRepeat} errors={errors} />
          <div><button type="submit" className="button">{t('account.reset.submit')}</button></div>
        </form>
      )}
    </div>
  );
}
