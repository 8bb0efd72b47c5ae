import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { sendJson } from '../../api/client.ts';
import { FormField } from '../../components/FormField.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { fieldErrorsOf, problemText } from '../records/fieldErrors.ts';

/** Asks for a reset link. The answer is the same whether or not the address has an account. */
export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  usePageTitle(t('account.forgot.title'));
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setErrors({});
    setFailure(null);
    try {
      await sendJson('POST', '/auth/password-reset', { email: email.trim() });
      setSent(true);
    } catch (error) {
      setErrors(fieldErrorsOf(t, error));
      setFailure(problemText(t, error));
    }
  }

  return (
    <div className="narrow">
      <h1>{t('account.forgot.title')}</h1>
      {sent ? (
        <div className="alert alert-success" role="status" data-testid="reset-sent">
          <p>{t('account.forgot.sent')}</p>
          <p><Link to="/sign-in">{t('account.backToSignIn')}</Link></p>
        </div>
      ) : (
        <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate>
          <p className="lead">{t('account.forgot.lead')}</p>
          {failure && <div className="alert alert-error" role="alert">{failure}</div>}
          <FormField id="reset-email" label={t('account.forgot.email')} error={errors.email}>
            {(p) => <input {...p} type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />}
          </FormField>
          <div><button type="submit" className="button">{t('account.forgot.submit')}</button></div>
        </form>
      )}
    </div>
  );
}
