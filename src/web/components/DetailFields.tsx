import { useTranslation } from 'react-i18next';
import { formatDate, isoDateLike } from './format.ts';

/** Keys rendered elsewhere (as their own tables) or internal. */
const SKIP = new Set(['delegates', 'committees', 'roles', 'amounts', 'id', 'actionId', 'version', 'createdAt', 'updatedAt', 'deletedAt']);

function humanise(key: string): string {
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Renders kind-specific fields as a labelled description list; enum values are translated when known. */
export function DetailFields({ values, skip = [] }: { values: Record<string, unknown>; skip?: string[] }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'es';
  const entries = Object.entries(values).filter(
    ([key, value]) => !SKIP.has(key) && !key.endsWith('Id') && !skip.includes(key) && value !== null && value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0),
  );
  if (entries.length === 0) return null;
  const render = (key: string, value: unknown): string => {
    if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
    if (typeof value === 'number' && key === 'year') return String(value);
    if (typeof value === 'number') return new Intl.NumberFormat(locale).format(value);
    if (isoDateLike(value)) return formatDate(value, locale);
    if (typeof value === 'string') return t(`enum.${key}.${value}`, { defaultValue: value });
    if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
    return JSON.stringify(value);
  };
  return (
    <dl className="fields">
      {entries.map(([key, value]) => (
        <div key={key} className="field-row">
          <dt>{t(`field.${key}`, { defaultValue: humanise(key) })}</dt>
          <dd className={typeof value === 'string' && value.length > 120 ? 'prose' : undefined}>{render(key, value)}</dd>
        </div>
      ))}
    </dl>
  );
}
