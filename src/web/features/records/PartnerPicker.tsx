import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Partner } from '../../api/client.ts';
import { PARTNER_ROLES, type PartnerChoice } from './formModel.ts';

/** Find partners by name or alias, add them with a role; each chosen partner can change role or go. */
export function PartnerPicker({ value, onChange, errors }: { value: PartnerChoice[]; onChange(v: PartnerChoice[]): void; errors: Record<string, string> }) {
  const { t } = useTranslation();
  const id = useId();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Partner[]>([]);

  useEffect(() => {
    const q = query.trim();
    if (q.length < 2) {
      setFound([]);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api.partners({ q, limit: 8 }, controller.signal).then((r) => setFound(r.items), () => undefined);
    }, 250);
    return () => { clearTimeout(timer); controller.abort(); };
  }, [query]);

  const chosen = new Set(value.map((p) => p.partnerId));
  return (
    <fieldset className="fieldset" data-testid="partners-fieldset">
      <legend>{t('records.field.partners')}</legend>
      {errors.partners && <p className="field-error">{errors.partners}</p>}
      {value.length > 0 && (
        <ul className="plain-list">
          {value.map((p, i) => (
            <li key={p.partnerId} className="list-item">
              <span className="strong">{p.name}</span>
              <div className="row">
                <div className="field">
                  <label htmlFor={`${id}-role-${i}`}>{t('records.form.roleOf', { name: p.name })}</label>
                  <select id={`${id}-role-${i}`} value={p.role} onChange={(e) => onChange(value.map((x, j) => (j === i ? { ...x, role: e.target.value } : x)))}>
                    {PARTNER_ROLES.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
                  </select>
                  {errors[`partners.${i}.role`] && <p className="field-error">{errors[`partners.${i}.role`]}</p>}
                </div>
              </div>
              <div>
                <button type="button" className="button button-secondary" onClick={() => onChange(value.filter((_, j) => j !== i))}
                  aria-label={t('records.form.removeNamed', { name: p.name })}>
                  {t('records.form.remove')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <div className="field">
        <label htmlFor={`${id}-search`}>{t('records.form.findPartner')}</label>
        <input id={`${id}-search`} type="search" value={query} onChange={(e) => setQuery(e.target.value)} data-testid="partner-search"
          placeholder={t('records.form.findPartnerPlaceholder')} />
      </div>
      <p className="visually-hidden" aria-live="polite">{query.trim().length >= 2 ? t('records.form.partnersFound', { count: found.length }) : ''}</p>
      {found.length > 0 && (
        <ul className="plain-list" data-testid="partner-results">
          {found.map((p) => (
            <li key={p.id}>
              <button type="button" className="button button-secondary" disabled={chosen.has(p.id)}
                onClick={() => { onChange([...value, { partnerId: p.id, name: p.name, role: 'counterpart' }]); setQuery(''); }}>
                {t('records.form.addNamed', { name: p.name })}
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
