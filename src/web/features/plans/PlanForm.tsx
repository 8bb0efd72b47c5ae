import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../components/Status.tsx';
import { useApi } from '../../components/useApi.ts';
import { fieldErrors } from '../followup/api.ts';
import { plansApi, type Axis, type PlanDetail, type PlanInput, type Target } from './api.ts';

type ObjectiveRow = { code: string; axis: string; text: string };
type TargetRow = { objective: string; indicator: string; theme: string; currency: string; baseline: string; targetValue: string; targetYear: string };

function fromPlan(plan: PlanDetail | null) {
  return {
    title: plan?.title ?? '', periodStart: plan?.periodStart ?? '', periodEnd: plan?.periodEnd ?? '', vision: plan?.vision ?? '',
    axes: (plan?.axes ?? []).map((a) => ({ code: a.code, title: a.title, description: a.description ?? '' })),
    objectives: (plan?.objectives ?? []).map((o) => ({ code: o.code, axis: o.axis ?? '', text: o.text })) as ObjectiveRow[],
    targets: (plan?.targets ?? []).map((tg) => ({
      objective: tg.objective, indicator: tg.indicator, theme: tg.params.theme ?? '', currency: tg.params.currency ?? '',
      baseline: String(tg.baseline), targetValue: String(tg.targetValue), targetYear: String(tg.targetYear),
    })) as TargetRow[],
  };
}

/** Create a plan, or edit one: a draft changes in place, an approved version yields a new draft (the server decides). */
export function PlanForm({ plan, onSaved, onCancel }: { plan: PlanDetail | null; onSaved: (saved: PlanDetail) => void; onCancel?: () => void }) {
  const { t, i18n } = useTranslation();
  const locale = (i18n.resolvedLanguage ?? 'es') as 'es' | 'en' | 'pt';
  const indicators = useApi((signal) => plansApi.indicators(signal), []);
  const [v, setV] = useState(() => fromPlan(plan));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true); setErrors({}); setFailure(null);
    const input: PlanInput = {
      title: v.title.trim(), periodStart: v.periodStart, periodEnd: v.periodEnd, vision: v.vision.trim() || null,
      axes: v.axes.map((a): Axis => ({ code: a.code.trim(), title: a.title.trim(), description: a.description.trim() || null })),
      objectives: v.objectives.map((o) => ({ code: o.code.trim(), axis: o.axis || null, text: o.text.trim() })),
      targets: v.targets.map((tg): Target => ({
        objective: tg.objective, indicator: tg.indicator,
        params: Object.fromEntries(Object.entries({ theme: tg.theme.trim(), currency: tg.currency.trim() }).filter(([, x]) => x)),
        baseline: Number(tg.baseline), targetValue: Number(tg.targetValue), targetYear: Number(tg.targetYear),
      })),
    };
    try {
      onSaved(plan ? await plansApi.update(plan.id, { ...input, version: plan.version }) : await plansApi.create(input));
    } catch (error) {
      const fields = fieldErrors(error);
      setErrors(fields);
      if (Object.keys(fields).length === 0) setFailure(error);
    } finally {
      setBusy(false);
    }
  }

  const err = (name: string) => errors[name] && <p id={`plan-${name.replace(/\./g, '-')}-error`} className="field-error">{errors[name]}</p>;
  const aria = (name: string) => ({ 'aria-invalid': !!errors[name], 'aria-describedby': errors[name] ? `plan-${name.replace(/\./g, '-')}-error` : undefined });
  const setObjective = (i: number, change: Partial<ObjectiveRow>) => setV({ ...v, objectives: v.objectives.map((o, j) => (j === i ? { ...o, ...change } : o)) });
  const setTarget = (i: number, change: Partial<TargetRow>) => setV({ ...v, targets: v.targets.map((o, j) => (j === i ? { ...o, ...change } : o)) });
  const setAxis = (i: number, change: Partial<(typeof v.axes)[number]>) => setV({ ...v, axes: v.axes.map((o, j) => (j === i ? { ...o, ...change } : o)) });

  return (
    <form className="form form-wide" noValidate onSubmit={(e) => void onSubmit(e)} data-testid="plan-form">
      {plan?.state === 'approved' && <p className="alert alert-info">{t('plans.form.newVersionNote')}</p>}
      <div className="field">
        <label htmlFor="plan-title">{t('plans.form.title')}</label>
        <input id="plan-title" type="text" value={v.title} onChange={(e) => setV({ ...v, title: e.target.value })} {...aria('title')} />
        {err('title')}
      </div>
      <div className="row">
        <div className="field">
          <label htmlFor="plan-periodStart">{t('plans.form.periodStart')}</label>
          <input id="plan-periodStart" type="date" value={v.periodStart} onChange={(e) => setV({ ...v, periodStart: e.target.value })} {...aria('periodStart')} />
          {err('periodStart')}
        </div>
        <div className="field">
          <label htmlFor="plan-periodEnd">{t('plans.form.periodEnd')}</label>
          <input id="plan-periodEnd" type="date" value={v.periodEnd} onChange={(e) => setV({ ...v, periodEnd: e.target.value })} {...aria('periodEnd')} />
          {err('periodEnd')}
        </div>
      </div>
      <div className="field">
        <label htmlFor="plan-vision">{t('plans.form.vision')}</label>
        <textarea id="plan-vision" rows={3} value={v.vision} onChange={(e) => setV({ ...v, vision: e.target.value })} />
      </div>

      <fieldset className="plan-fieldset">
        <legend>{t('plans.axes')}</legend>
        {v.axes.map((a, i) => (
          <div key={i} className="row plan-row">
            <div className="field field-code"><label htmlFor={`axis-${i}-code`}>{t('plans.form.code')}</label>
              <input id={`axis-${i}-code`} type="text" value={a.code} onChange={(e) => setAxis(i, { code: e.target.value })} {...aria(`axes.${i}.code`)} />{err(`axes.${i}.code`)}</div>
            <div className="field"><label htmlFor={`axis-${i}-title`}>{t('plans.form.axisTitle')}</label>
              <input id={`axis-${i}-title`} type="text" value={a.title} onChange={(e) => setAxis(i, { title: e.target.value })} {...aria(`axes.${i}.title`)} />{err(`axes.${i}.title`)}</div>
            <button type="button" className="button-link" onClick={() => setV({ ...v, axes: v.axes.filter((_, j) => j !== i) })}>{t('plans.form.remove')}</button>
          </div>
        ))}
        <button type="button" className="button button-secondary" onClick={() => setV({ ...v, axes: [...v.axes, { code: `E${v.axes.length + 1}`, title: '', description: '' }] })}>
          {t('plans.form.addAxis')}
        </button>
      </fieldset>

      <fieldset className="plan-fieldset">
        <legend>{t('plans.objectives')}</legend>
        {v.objectives.map((o, i) => (
          <div key={i} className="row plan-row">
            <div className="field field-code"><label htmlFor={`objective-${i}-code`}>{t('plans.form.code')}</label>
              <input id={`objective-${i}-code`} type="text" value={o.code} onChange={(e) => setObjective(i, { code: e.target.value })} {...aria(`objectives.${i}.code`)} />{err(`objectives.${i}.code`)}</div>
            <div className="field field-code"><label htmlFor={`objective-${i}-axis`}>{t('plans.form.axis')}</label>
              <select id={`objective-${i}-axis`} value={o.axis} onChange={(e) => setObjective(i, { axis: e.target.value })}>
                <option value="">—</option>
                {v.axes.map((a) => <option key={a.code} value={a.code}>{a.code}</option>)}
              </select></div>
            <div className="field"><label htmlFor={`objective-${i}-text`}>{t('plans.form.objectiveText')}</label>
              <input id={`objective-${i}-text`} type="text" value={o.text} onChange={(e) => setObjective(i, { text: e.target.value })} {...aria(`objectives.${i}.text`)} />{err(`objectives.${i}.text`)}</div>
            <button type="button" className="button-link" onClick={() => setV({ ...v, objectives: v.objectives.filter((_, j) => j !== i) })}>{t('plans.form.remove')}</button>
          </div>
        ))}
        <button type="button" className="button button-secondary" onClick={() => setV({ ...v, objectives: [...v.objectives, { code: `O${v.objectives.length + 1}`, axis: '', text: '' }] })}>
          {t('plans.form.addObjective')}
        </button>
      </fieldset>

      <fieldset className="plan-fieldset">
        <legend>{t('plans.targets')}</legend>
        {v.targets.map((tg, i) => (
          <div key={i} className="row plan-row">
            <div className="field field-code"><label htmlFor={`target-${i}-objective`}>{t('plans.form.objective')}</label>
              <select id={`target-${i}-objective`} value={tg.objective} onChange={(e) => setTarget(i, { objective: e.target.value })} {...aria(`targets.${i}.objective`)}>
                <option value="">—</option>
                {v.objectives.map((o) => <option key={o.code} value={o.code}>{o.code}</option>)}
              </select>{err(`targets.${i}.objective`)}</div>
            <div className="field"><label htmlFor={`target-${i}-indicator`}>{t('plans.form.indicator')}</label>
              <select id={`target-${i}-indicator`} value={tg.indicator} onChange={(e) => setTarget(i, { indicator: e.target.value })} {...aria(`targets.${i}.indicator`)}>
                <option value="">—</option>
                {indicators.status === 'ok' && indicators.data.items.map((ind) => <option key={ind.code} value={ind.code}>{ind.label[locale]}</option>)}
              </select>{err(`targets.${i}.indicator`)}</div>
            <div className="field field-code"><label htmlFor={`target-${i}-theme`}>{t('plans.form.theme')}</label>
              <input id={`target-${i}-theme`} type="text" value={tg.theme} onChange={(e) => setTarget(i, { theme: e.target.value })} /></div>
            <div className="field field-code"><label htmlFor={`target-${i}-currency`}>{t('plans.form.currency')}</label>
              <input id={`target-${i}-currency`} type="text" value={tg.currency} onChange={(e) => setTarget(i, { currency: e.target.value })} {...aria(`targets.${i}.params`)} />{err(`targets.${i}.params`)}</div>
            {(['baseline', 'targetValue', 'targetYear'] as const).map((name) => (
              <div key={name} className="field field-code"><label htmlFor={`target-${i}-${name}`}>{t(`plans.form.${name}`)}</label>
                <input id={`target-${i}-${name}`} type="number" value={tg[name]} onChange={(e) => setTarget(i, { [name]: e.target.value })} {...aria(`targets.${i}.${name}`)} />
                {err(`targets.${i}.${name}`)}</div>
            ))}
            <button type="button" className="button-link" onClick={() => setV({ ...v, targets: v.targets.filter((_, j) => j !== i) })}>{t('plans.form.remove')}</button>
          </div>
        ))}
        <button type="button" className="button button-secondary"
          onClick={() => setV({ ...v, targets: [...v.targets, { objective: v.objectives[0]?.code ?? '', indicator: '', theme: '', currency: '', baseline: '0', targetValue: '1', targetYear: v.periodEnd.slice(0, 4) || String(new Date().getFullYear()) }] })}>
          {t('plans.form.addTarget')}
        </button>
      </fieldset>
      {failure !== null && <ErrorMessage error={failure} />}
      {Object.keys(errors).length > 0 && <p className="field-error" role="alert">{t('plans.form.fixErrors')}</p>}
      <div className="button-row">
        <button type="submit" className="button" disabled={busy}>{plan?.state === 'approved' ? t('plans.form.saveNewVersion') : t('plans.form.save')}</button>
        {onCancel && <button type="button" className="button button-secondary" onClick={onCancel}>{t('plans.form.cancel')}</button>}
      </div>
    </form>
  );
}
