import { useEffect, useState, type FormEvent } from 'react';
import { Navigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorMessage, Loading } from '../../components/Status.tsx';
import { useApi } from '../../components/useApi.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { can, useSession } from '../../session/session.tsx';
import { fieldErrors, followUpApi, type FollowUpRules } from './api.ts';

type Draft = { tripReportDays: string; awardLessons: boolean; awardLessonsDays: string; renewalAlertDays: string; dormantMonths: string };

const toDraft = (r: FollowUpRules): Draft => ({
  tripReportDays: String(r.tripReportDays), awardLessons: r.awardLessons, awardLessonsDays: String(r.awardLessonsDays),
  renewalAlertDays: r.renewalAlertDays.join(', '), dormantMonths: String(r.dormantMonths),
});

/** The GAD admin's follow-up rules: when trip reports fall due, award lessons, renewal alerts, dormancy. */
export default function RulesPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  usePageTitle(t('followup.rules.title'));
  const result = useApi((signal) => (can.administer(me) ? followUpApi.rules(undefined, signal) : Promise.resolve(null)), [me?.id]);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [version, setVersion] = useState(0);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (result.status === 'ok' && result.data) { setDraft(toDraft(result.data)); setVersion(result.data.version); }
  }, [result.status, result.data]);

  if (me === null) return <Navigate to="/sign-in?next=%2Ffollow-up%2Frules" replace />;
  if (me && !can.administer(me)) return <div className="alert alert-info" role="alert">{t('followup.rules.onlyAdmins')}</div>;
  if (result.status === 'loading' || !draft) return result.status === 'error' ? <ErrorMessage error={result.error} onRetry={result.reload} /> : <Loading />;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!draft) return;
    setErrors({}); setFailure(null); setSaved(false);
    try {
      const answer = await followUpApi.saveRules({
        tripReportDays: Number(draft.tripReportDays), awardLessons: draft.awardLessons, awardLessonsDays: Number(draft.awardLessonsDays),
        renewalAlertDays: draft.renewalAlertDays.split(/[,\s]+/).filter(Boolean).map(Number), dormantMonths: Number(draft.dormantMonths),
        defaultResponsibleUserId: result.status === 'ok' ? result.data?.defaultResponsibleUserId ?? null : null, version,
      });
      setDraft(toDraft(answer)); setVersion(answer.version); setSaved(true);
    } catch (error) {
      const fields = fieldErrors(error);
      setErrors(Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.split('.')[0]!, v])));
      if (Object.keys(fields).length === 0) setFailure(error);
    }
  }

  const number = (name: 'tripReportDays' | 'awardLessonsDays' | 'dormantMonths' | 'renewalAlertDays', inputMode: 'numeric' | 'text' = 'numeric') => (
    <div className="field">
      <label htmlFor={`rules-${name}`}>{t(`followup.rules.${name}`)}</label>
      <input id={`rules-${name}`} type="text" inputMode={inputMode} value={draft[name]}
        onChange={(e) => setDraft({ ...draft, [name]: e.target.value })}
        aria-invalid={!!errors[name]} aria-describedby={errors[name] ? `rules-${name}-error` : undefined} />
      {errors[name] && <p id={`rules-${name}-error`} className="field-error">{errors[name]}</p>}
    </div>
  );

  return (
    <div className="narrow">
      <h1>{t('followup.rules.title')}</h1>
      <p className="lead">{t('followup.rules.lead', { gad: result.status === 'ok' ? result.data?.gad.name ?? '' : '' })}</p>
      {result.status === 'ok' && result.data?.isDefault && <p className="muted">{t('followup.rules.defaults')}</p>}
      <form className="form" noValidate onSubmit={(e) => void onSubmit(e)} data-testid="rules-form">
        {number('tripReportDays')}
        <label className="checkbox">
          <input type="checkbox" checked={draft.awardLessons} onChange={(e) => setDraft({ ...draft, awardLessons: e.target.checked })} />
          {t('followup.rules.awardLessons')}
        </label>
        {number('awardLessonsDays')}
        {number('renewalAlertDays', 'text')}
        {number('dormantMonths')}
        <button type="submit" className="button">{t('followup.rules.save')}</button>
        <p role="status" className="muted">{saved ? t('followup.rules.saved') : ''}</p>
        {failure !== null && <ErrorMessage error={failure} />}
      </form>
    </div>
  );
}
