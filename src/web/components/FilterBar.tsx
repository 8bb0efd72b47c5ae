import { useTranslation } from 'react-i18next';
import type { useUrlFilters } from './useUrlFilters.ts';

interface Props {
  id: string;
  searchLabel: string;
  filters: ReturnType<typeof useUrlFilters>;
  /** One code-list filter kept in the URL under `name`. */
  select: { name: string; label: string; allLabel: string; options: { value: string; label: string }[] };
  testId?: string;
}

/** A directory's filter form: free text applied on submit, a code list applied at once. */
export function FilterBar({ id, searchLabel, filters, select, testId }: Props) {
  const { t } = useTranslation();
  const { params, text, setText, update, onSubmit } = filters;
  return (
    <form className="filter-bar card" onSubmit={onSubmit}>
      <div className="field">
        <label htmlFor={`${id}-q`}>{searchLabel}</label>
        <input id={`${id}-q`} type="search" value={text} onChange={(event) => setText(event.target.value)} data-testid={testId} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-${select.name}`}>{select.label}</label>
        <select id={`${id}-${select.name}`} value={params.get(select.name) ?? ''}
          onChange={(event) => update({ [select.name]: event.target.value, q: text.trim() })}>
          <option value="">{select.allLabel}</option>
          {select.options.map((option) => (
            <option key={option.value} value={option.value}>{option.label}</option>
          ))}
        </select>
      </div>
      <button type="submit" className="button">{t('gads.filter')}</button>
    </form>
  );
}
