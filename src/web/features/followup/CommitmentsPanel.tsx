import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorMessage, Loading } from '../../components/Status.tsx';
import { useApi } from '../../components/useApi.ts';
import { can, useSession } from '../../session/session.tsx';
import { fieldErrors, followUpApi, type CommitmentItem } from './api.ts';
import { CommitmentActions, CommitmentSummary } from './CommitmentCard.tsx';

const EMPTY = { description: '', responsibleUnit: '', responsiblePerson: '', dueOn: '', assignToMe: false };

function NewCommitmentForm({ actionId, onCreated }: { actionId: string; onCreated: (c: CommitmentItem) => void }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const [values, setValues] = useState(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (name: keyof typeof EMPTY, value: string | boolean) => setValues((v) => ({ ...v, [name]: value }));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setFailure(null);
    try {
      const created = await followUpApi.create({
        actionId,
        description: values.description.trim(),
        responsibleUnit: values.responsibleUnit.trim() || null,
        responsiblePerson: values.responsiblePerson.trim() || (values.assignToMe ? me?.displayName ?? null : null),
        responsibleUserId: values.assignToMe ? me?.id ?? null : null,
        dueOn: values.dueOn || null,
      });
      setValues(EMPTY);
      onCreated(created);
    } catch (error) {
      const fields = fieldErrors(error);
      setErrors(fields);
      if (Object.keys(fields).length === 0) setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  }

  const field = (name: 'description' | 'responsibleUnit' | 'responsiblePerson' | 'dueOn', type: string) => {
    const inputId = `new-commitment-${name}`;
    const error = errors[name] ?? (name === 'responsiblePerson' ? errors.responsibleUserId : undefined);
    const common = {
      id: inputId, name, value: values[name], 'aria-invalid': !!error, 'aria-describedby': error ? `${inputId}-error` : undefined,
    };
    return (
      <div className="field">
        <label htmlFor={inputId}>{t(`followup.new.${name}`)}</label>
        {type === 'textarea'
          ? <textarea {...common} rows={3} required onChange={(e) => set(name, e.target.value)} />
          : <input {...common} type={type} onChange={(e) => set(name, e.target.value)} />}
        {error && <p id={`${inputId}-error`} className="field-error">{error}</p>}
      </div>
    );
  };

  return (
    <form className="form card" noValidate onSubmit={(event) => void onSubmit(event)} data-testid="new-commitment-form">
      <h3>{t('followup.new.title')}</h3>
      <p className="muted small">{t('followup.new.hint')}</p>
      {failure && <p className="field-error" role="alert">{failure}</p>}
      {field('description', 'textarea')}
      {field('responsibleUnit', 'text')}
      {field('responsiblePerson', 'text')}
      <label className="checkbox">
        <input type="checkbox" checked={values.assignToMe} onChange={(e) => set('assignToMe', e.target.checked)} />
        {t('followup.new.assignToMe')}
      </label>
      {field('dueOn', 'date')}
      <button type="submit" className="button" disabled={busy}>{t('followup.new.submit')}</button>
    </form>
  );
}

/**
 * The commitments of one record (the acta's promises): overdue ones flagged, and for the GAD's
 * editors a form to add one, follow-up notes and completion with evidence.
 */
export function CommitmentsPanel({ actionId, gadId }: { actionId: string; gadId: string }) {
  const { t } = useTranslation();
  const { me } = useSession();
  const editable = can.edit(me, gadId);
  const [local, setLocal] = useState<Record<string, CommitmentItem>>({});
  const [added, setAdded] = useState<CommitmentItem[]>([]);
  const [adding, setAdding] = useState(false);
  const result = useApi((signal) => followUpApi.commitmentsOf(actionId, signal), [actionId]);

  const loaded = result.status === 'ok' ? result.data.items : [];
  const items = [...loaded, ...added.filter((a) => !loaded.some((l) => l.id === a.id))].map((c) => local[c.id] ?? c);
  const replace = (next: CommitmentItem) => setLocal((m) => ({ ...m, [next.id]: next }));

  return (
    <section className="section" aria-labelledby="commitments" data-testid="commitments-panel">
      <div className="section-header">
        <h2 id="commitments">{t('followup.panel.title')}</h2>
        <Link to="/follow-up">{t('followup.panel.board')}</Link>
      </div>
      {result.status === 'loading' && <Loading />}
      {result.status === 'error' && <ErrorMessage error={result.error} onRetry={result.reload} />}
      {result.status === 'ok' && items.length === 0 && <p className="muted">{t('followup.panel.none')}</p>}
      {items.length > 0 && (
        <ul className="plain-list">
          {items.map((c) => (
            <li key={c.id} className={`card compact commitment${c.overdue ? ' commitment-overdue' : ''}`} data-testid="commitment">
              <CommitmentSummary c={c} />
              {editable && <CommitmentActions c={c} onChange={replace} />}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        adding ? (
          <NewCommitmentForm actionId={actionId} onCreated={(c) => { setAdded((list) => [...list, c]); setAdding(false); }} />
        ) : (
          <button type="button" className="button" onClick={() => setAdding(true)} data-testid="add-commitment">
            {t('followup.new.open')}
          </button>
        )
      )}
    </section>
  );
}
