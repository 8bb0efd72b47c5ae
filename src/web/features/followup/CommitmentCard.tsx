import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../components/format.ts';
import { followUpApi, fieldErrors, type CommitmentItem } from './api.ts';

/** State, overdue badge, due date and who answers for it; the same on the record page and the board. */
export function CommitmentSummary({ c, showAction = false }: { c: CommitmentItem; showAction?: boolean }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'es';
  const responsible = [c.responsibleUser?.name ?? c.responsiblePerson, c.responsibleUnit].filter(Boolean).join(' · ');
  return (
    <>
      <p className="badges">
        <span className={`state state-${c.state}`}>{t(`followup.state.${c.state}`)}</span>
        {c.overdue && (
          <span className="badge badge-overdue" data-testid="overdue-badge">
            {t('followup.overdue', { count: c.daysOverdue ?? 0 })}
          </span>
        )}
        {c.kind !== 'obligation' && <span className="badge">{t(`followup.kind.${c.kind}`)}</span>}
        {c.automatic && <span className="badge">{t('followup.automatic')}</span>}
      </p>
      <p className="commitment-description">{c.description}</p>
      <dl className="commitment-meta small">
        {c.dueOn && (
          <div><dt>{t('followup.dueOn')}</dt><dd>{formatDate(c.dueOn, locale)}</dd></div>
        )}
        {responsible && (
          <div><dt>{t('followup.responsible')}</dt><dd>{responsible}</dd></div>
        )}
        {c.completedOn && (
          <div><dt>{t('followup.completedOn')}</dt><dd>{formatDate(c.completedOn, locale)}</dd></div>
        )}
        {c.evidenceUrl && (
          <div><dt>{t('followup.evidence')}</dt><dd><a href={c.evidenceUrl} rel="noopener noreferrer">{c.evidenceUrl}</a></dd></div>
        )}
        {c.evidenceDocumentId && (
          <div><dt>{t('followup.evidence')}</dt><dd><a href={`/api/documents/${c.evidenceDocumentId}/download`}>{t('followup.evidenceDocument')}</a></dd></div>
        )}
        {showAction && (
          <div><dt>{t('followup.source')}</dt><dd><Link to={`/actions/${c.action.id}`}>{c.action.title}</Link></dd></div>
        )}
      </dl>
    </>
  );
}

/** Follow-up notes and completion with evidence (a link or an uploaded document) for one open commitment. */
export function CommitmentActions({ c, onChange }: { c: CommitmentItem; onChange: (next: CommitmentItem) => void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'none' | 'note' | 'complete'>('none');
  const [note, setNote] = useState('');
  const [evidence, setEvidence] = useState<'link' | 'document'>('document');
  const [url, setUrl] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const open = c.state === 'pending' || c.state === 'in_progress';
  const prefix = `commitment-${c.id}`;

  async function run(event: FormEvent, work: () => Promise<CommitmentItem>) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setFailure(null);
    try {
      onChange(await work());
      setMode('none');
      setNote('');
      setUrl('');
      setFile(null);
    } catch (error) {
      const fields = fieldErrors(error);
      setErrors(fields);
      if (Object.keys(fields).length === 0) setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  }

  const complete = async () => {
    if (evidence === 'link') return followUpApi.complete(c.id, { evidenceUrl: url.trim() || undefined });
    if (!file) {
      const error = { errors: [{ field: 'file', message: t('followup.complete.fileMissing') }] };
      throw error;
    }
    const document = await followUpApi.uploadEvidence(c.id, file).catch((error: unknown) => {
      throw { errors: [{ field: 'file', message: error instanceof Error ? error.message : String(error) }] };
    });
    return followUpApi.complete(c.id, { evidenceDocumentId: document.id });
  };

  return (
    <div className="commitment-actions">
      {(c.notes?.length ?? 0) > 0 && (
        <ul className="commitment-notes small" aria-label={t('followup.notes')}>
          {c.notes!.map((n) => (
            <li key={n.id}>{n.body} {n.author && <span className="muted">— {n.author}</span>}</li>
          ))}
        </ul>
      )}
      <div className="button-row">
        <button type="button" className="button button-secondary" aria-expanded={mode === 'note'}
          onClick={() => setMode(mode === 'note' ? 'none' : 'note')} data-testid="add-note">
          {t('followup.note.add')}
        </button>
        {open && (
          <button type="button" className="button button-secondary" aria-expanded={mode === 'complete'}
            onClick={() => setMode(mode === 'complete' ? 'none' : 'complete')} data-testid="complete-commitment">
            {t('followup.complete.open')}
          </button>
        )}
      </div>
      {failure && <p className="field-error" role="alert">{failure}</p>}
      {mode === 'note' && (
        <form className="form" noValidate onSubmit={(event) => void run(event, () => followUpApi.addNote(c.id, note))}>
          <div className="field">
            <label htmlFor={`${prefix}-note`}>{t('followup.note.label')}</label>
            <textarea id={`${prefix}-note`} rows={3} value={note} onChange={(e) => setNote(e.target.value)}
              aria-invalid={!!errors.body} aria-describedby={errors.body ? `${prefix}-note-error` : undefined} />
            {errors.body && <p id={`${prefix}-note-error`} className="field-error">{errors.body}</p>}
          </div>
          <button type="submit" className="button" disabled={busy}>{t('followup.note.save')}</button>
        </form>
      )}
      {mode === 'complete' && (
        <form className="form" noValidate onSubmit={(event) => void run(event, complete)} data-testid="complete-form">
          <fieldset className="radio-group">
            <legend>{t('followup.complete.evidence')}</legend>
            <label className="radio">
              <input type="radio" name={`${prefix}-evidence`} checked={evidence === 'document'} onChange={() => setEvidence('document')} />
              {t('followup.complete.document')}
            </label>
            <label className="radio">
              <input type="radio" name={`${prefix}-evidence`} checked={evidence === 'link'} onChange={() => setEvidence('link')} />
              {t('followup.complete.link')}
            </label>
          </fieldset>
          {evidence === 'link' ? (
            <div className="field">
              <label htmlFor={`${prefix}-url`}>{t('followup.complete.url')}</label>
              <input id={`${prefix}-url`} type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://"
                aria-invalid={!!errors.evidenceUrl} aria-describedby={errors.evidenceUrl ? `${prefix}-url-error` : undefined} />
              {errors.evidenceUrl && <p id={`${prefix}-url-error`} className="field-error">{errors.evidenceUrl}</p>}
            </div>
          ) : (
            <div className="field">
              <label htmlFor={`${prefix}-file`}>{t('followup.complete.file')}</label>
              <input id={`${prefix}-file`} type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)}
                aria-invalid={!!(errors.file || errors.evidenceUrl)} aria-describedby={errors.file || errors.evidenceUrl ? `${prefix}-file-error` : undefined} />
              {(errors.file || errors.evidenceUrl) && <p id={`${prefix}-file-error`} className="field-error">{errors.file ?? errors.evidenceUrl}</p>}
            </div>
          )}
          <button type="submit" className="button" disabled={busy}>{t('followup.complete.submit')}</button>
        </form>
      )}
    </div>
  );
}
