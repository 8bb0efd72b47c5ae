import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from './format.ts';

export interface FacetOption {
  code: string;
  label: string;
  count: number;
}

interface Props {
  name: string;
  legend: string;
  options: FacetOption[];
  /** The API filters by one value per facet, so checking one option replaces the previous one. */
  selected: string;
  onChange: (value: string) => void;
}

const COLLAPSED = 8;

export function Facet({ name, legend, options, selected, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const [expanded, setExpanded] = useState(false);
  const locale = i18n.resolvedLanguage ?? 'es';
  const visible = expanded ? options : options.slice(0, COLLAPSED);
  if (selected && !visible.some((o) => o.code === selected)) {
    const chosen = options.find((o) => o.code === selected);
    if (chosen) visible.push(chosen);
  }
  return (
    <fieldset className="facet" data-testid={`facet-${name}`}>
      <legend>{legend}</legend>
      {options.length === 0 ? (
        <p className="muted small">{t('facet.empty')}</p>
      ) : (
        <ul>
          {visible.map((option) => {
            const id = `facet-${name}-${option.code}`;
            return (
              <li key={option.code}>
                <input
                  id={id}
                  type="checkbox"
                  name={name}
                  value={option.code}
                  checked={selected === option.code}
                  onChange={(event) => onChange(event.target.checked ? option.code : '')}
                />
                <label htmlFor={id}>
                  <span className="facet-label">{option.label}</span>
                  <span className="facet-count">{formatNumber(option.count, locale)}</span>
                </label>
              </li>
            );
          })}
        </ul>
      )}
      {options.length > COLLAPSED && (
        <button type="button" className="button button-link small" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
          {expanded ? t('common.showLess') : t('common.showMore')}
        </button>
      )}
    </fieldset>
  );
}
