import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { sendJson } from '../../api/client.ts';
import { FormField } from '../../components/FormField.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { fieldErrorsOf, problemText } from '../records/fieldErrors.ts';
import { NewPasswordFields } from './NewPasswordFields.tsx';
import { tokenFromHash } from './token.ts';

export default function AcceptInvitationPage() {
  const { t } = useTranslation();
  usePageTitle(t('account.invitation.title'));
  const token = tokenFromHash(useLocation().hash);
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [email, setEmail] = useState<string | null>(null);
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
      const accepted = await sendJson<{ email: string }>('POST', '/invitations/accept', { token, displayName: displayName.trim(), password });
      setEmail(accepted.email);
    } catch (error) {
      const fields = fieldErrorsOf(t, error);
      setErrors(fields);
      setFailure(fields.token ? t('account.invitation.badToken') : problemText(t, error));
    }
  }

  return (
    <div className="narrow">
      <h1>{t('account.invitation.title')}</h1>
      {!token ? (
        <div className="alert alert-error" role="alert"><p>{t('account.invitation.noToken')}</p></div>
      ) : email ? (
        <div className="alert alert-success" role="status" data-testid="invitation-done">
          <p>{t('account.invitation.done', { email })}</p>
          <p><Link to="/sign-in">{t('account.backToSignIn')}</Link></p>
        </div>
      ) : (
        <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate>
          <p className="lead">{t('account.invitation.lead')}</p>
          {failure && <div className="alert alert-error" role="alert">{failure}</div>}
          <FormField id="invitation-name" label={t('account.invitation.displayName')} error={errors.displayName}>
            {(p) => <input {...p} type="text" autoComplete="name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />}
          </FormField>
          <NewPasswordFields password={password} repeat={repeat} onPassword={setPassword} onRepeat={setRepeat} errors={errors} />
          <div><button type="submit" className="button">{t('account.invitation.submit')}</button></div>
        </form>
      )}
    </div>
  );
}
