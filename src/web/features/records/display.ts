import type { TFunction } from 'i18next';
import { KIND_FIELDS, type ActionForm, type MergeField } from './formModel.ts';

/** A field's label: the kind and classification fields share the record page's labels. */
export function fieldLabel(t: TFunction, key: string, path: MergeField['path'] = 'core'): string {
  if (path === 'details' || ['territorialScope', 'motive', 'channel', 'governanceMode'].includes(key)) return t(`field.${key}`);
  return t(`records.field.${key}`);
}

/** A form value as a reader sees it, for the merge table. */
export function displayValue(t: TFunction, form: ActionForm, field: MergeField, names: { theme(code: string): string; country(code: string): string }): string {
  const none = t('records.merge.empty');
  const v = field.path === 'details' ? form.details[field.key] : (form as unknown as Record<string, unknown>)[field.key];
  switch (field.key) {
    case 'themes': return (v as string[]).map(names.theme).join(', ') || none;
    case 'partners': return (v as ActionForm['partners']).map((p) => `${p.name} (${t(`role.${p.role}`)})`).join('\n') || none;
    case 'delegates': return (v as ActionForm['delegates']).map((d) => [d.name, d.title, d.organisation].filter(Boolean).join(', ')).join('\n') || none;
    case 'roles': return (v as ActionForm['roles']).map((r) => [t(`membershipRole.${r.role}`), r.label, r.body].filter(Boolean).join(', ')).join('\n') || none;
    case 'committees': return (v as string[]).join('\n') || none;
    case 'amounts': return (v as ActionForm['amounts']).map((m) => `${t(`enum.kind.${m.kind}`)} ${m.amount} ${m.currency}`).join('\n') || none;
    case 'visibility': return t(`visibility.${String(v)}`);
    case 'country': return v ? names.country(String(v)) : none;
    case 'datePrecision': return t(`records.precision.${String(v)}`);
  }
  if (v === '' || v === null || v === undefined) return none;
  const spec = KIND_FIELDS[form.type].find((s) => s.name === field.key);
  if ((spec?.kind === 'enum' && field.path === 'details') || ['territorialScope', 'motive', 'channel', 'governanceMode'].includes(field.key)) {
    return t(`enum.${field.key}.${String(v)}`, { defaultValue: String(v) });
  }
  return String(v);
}
