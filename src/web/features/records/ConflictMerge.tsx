import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { displayValue, fieldLabel } from './display.ts';
import { mergeKeys, sameValue, valueOf, withValue, type ActionForm, type MergeField } from './formModel.ts';

export interface Conflict {
  /** What this editor loaded before editing. */
  base: ActionForm;
  /** What this editor wants to save. */
  mine: ActionForm;
  /** What the other person saved meanwhile, and its version. */
  theirs: ActionForm;
  version: number;
}

/**
 * A 409: the record moved on while this person edited it. Every field where the two versions
 * differ is shown side by side; the person picks one per field. A field only one side changed
 * starts on that side's value, so a merge without clicks keeps both people's work.
 */
export function ConflictMerge({ conflict, names, onMerge, onDiscard, busy }: {
  conflict: Conflict;
  names: { theme(code: string): string; country(code: string): string };
  onMerge(merged: ActionForm, version: number): void;
  onDiscard(): void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const differing = mergeKeys(conflict.mine.type).filter((f) => !sameValue(valueOf(conflict.mine, f), valueOf(conflict.theirs, f)));
  const [choice, setChoice] = useState<Record<string, 'mine' | 'theirs'>>(() =>
    Object.fromEntries(differing.map((f) => [f.key, sameValue(valueOf(conflict.mine, f), valueOf(conflict.base, f)) ? 'theirs' : 'mine'])));

  function merged(): ActionForm {
    let form = conflict.theirs;
    for (const f of differing) if (choice[f.key] === 'mine') form = withValue(form, f, valueOf(conflict.mine, f));
    // The files and commitments typed in this session are not part of the stored record; keep them.
    return form;
  }

  const show = (form: ActionForm, f: MergeField) => displayValue(t, form, f, names);
  return (
    <section className="alert alert-error" aria-labelledby="conflict-title" data-testid="conflict">
      <h2 id="conflict-title" className="alert-title">{t('records.merge.title')}</h2>
      <p>{t('records.merge.lead')}</p>
      {differing.length === 0 ? <p>{t('records.merge.noDifference')}</p> : (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="conflict-title">
          <table className="table merge-table">
            <caption>{t('records.merge.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('records.merge.field')}</th>
                <th scope="col">{t('records.merge.theirs')}</th>
                <th scope="col">{t('records.merge.mine')}</th>
              </tr>
            </thead>
            <tbody>
              {differing.map((f) => {
                const label = fieldLabel(t, f.key, f.path);
                return (
                  <tr key={f.key} data-testid={`merge-${f.key}`}>
                    <th scope="row">{label}</th>
                    {(['theirs', 'mine'] as const).map((side) => (
                      <td key={side}>
                        <label className="merge-choice">
                          <input type="radio" name={`merge-${f.key}`} value={side} checked={choice[f.key] === side}
                            onChange={() => setChoice({ ...choice, [f.key]: side })}
                            aria-label={t(side === 'mine' ? 'records.merge.keepMine' : 'records.merge.keepTheirs', { field: label })} />
                          <span className="merge-value">{show(side === 'mine' ? conflict.mine : conflict.theirs, f)}</span>
                        </label>
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <div className="actions-row">
        <button type="button" className="button" disabled={busy} onClick={() => onMerge(merged(), conflict.version)} data-testid="merge-save">
          {t('records.merge.save')}
        </button>
        <button type="button" className="button button-secondary" onClick={onDiscard}>{t('records.merge.discard')}</button>
      </div>
    </section>
  );
}
