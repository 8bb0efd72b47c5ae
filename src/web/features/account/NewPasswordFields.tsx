import { useTranslation } from 'react-i18next';
import { FormField } from '../../components/FormField.tsx';

/** A new password typed twice; the server checks its length, the page checks the two match. */
export function NewPasswordFields({ password, repeat, onPassword, onRepeat, errors }: {
  password: string; repeat: string; onPassword(v: string): void; onRepeat(v: string): void; errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  return (
    <>
      <FormField id="new-password" label={t('account.password.new')} hint={t('account.password.hint')} error={errors.password}>
        {(p) => <input {...p} type="password" autoComplete="new-password" value={password} onChange={(e) => onPassword(e.target.value)} />}
      </FormField>
      <FormField id="repeat-password" label={t('account.password.repeat')} error={errors.repeat}>
        {(p) => <input {...p} type="password" autoComplete="new-password" value={repeat} onChange={(e) => onRepeat(e.target.value)} />}
      </FormField>
    </>
  );
}
