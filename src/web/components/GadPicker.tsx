import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Gad } from '../api/client.ts';

interface Props {
  /** GAD id or DPA code currently selected, or empty. */
  value: string;
  onChange: (ref: string) => void;
}

/** An accessible combobox (ARIA 1.2 list autocomplete) that looks GADs up by name. */
export function GadPicker({ value, onChange }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const listId = `${id}-list`;
  const [text, setText] = useState('');
  const [options, setOptions] = useState<Gad[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [selectedName, setSelectedName] = useState<string | null>(null);

  useEffect(() => {
    if (!value) {
      setSelectedName(null);
      return;
    }
    const controller = new AbortController();
    api.gad(value, controller.signal).then(
      (gad) => setSelectedName(gad.name),
      () => setSelectedName(value),
    );
    return () => controller.abort();
  }, [value]);

  useEffect(() => {
    const query = text.trim();
    if (query.length < 2) {
      setOptions([]);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api.gads({ q: query, limit: 8 }, controller.signal).then(
        (page) => {
          setOptions(page.items);
          setActive(-1);
          setOpen(true);
        },
        () => setOptions([]),
      );
    }, 200);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text]);

  function choose(gad: Gad) {
    onChange(gad.dpaCode || gad.id);
    setSelectedName(gad.name);
    setText('');
    setOpen(false);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((i) => Math.min(options.length - 1, i + 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => Math.max(0, i - 1));
    } else if (event.key === 'Enter' && open && active >= 0 && options[active]) {
      event.preventDefault();
      choose(options[active]);
    } else if (event.key === 'Escape') {
      setOpen(false);
    }
  }

  const expanded = open && text.trim().length >= 2;

  return (
    <div className="gad-picker" data-testid="gad-picker">
      {value && (
        <p className="chip-row">
          <span className="chip">
            {t('gadPicker.selected', { name: selectedName ?? value })}
            <button type="button" className="chip-remove" onClick={() => onChange('')} aria-label={t('gadPicker.remove')}>
              ×
            </button>
          </span>
        </p>
      )}
      <label htmlFor={`${id}-input`}>{t('gadPicker.label')}</label>
      <div className="combobox">
        <input
          id={`${id}-input`}
          type="text"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded && active >= 0 ? `${id}-opt-${active}` : undefined}
          placeholder={t('gadPicker.placeholder')}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onFocus={() => options.length > 0 && setOpen(true)}
        />
        <ul id={listId} role="listbox" aria-label={t('gadPicker.suggestions')} className="combobox-list" hidden={!expanded}>
          {options.length === 0 ? (
            <li className="combobox-empty" role="option" aria-disabled="true" aria-selected="false">
              {t('gadPicker.noMatches')}
            </li>
          ) : (
            options.map((gad, index) => (
              <li
                key={gad.id}
                id={`${id}-opt-${index}`}
                role="option"
                aria-selected={index === active}
                className={index === active ? 'active' : undefined}
                onMouseDown={(event) => {
                  event.preventDefault();
                  choose(gad);
                }}
              >
                <span>{gad.name}</span>
                <span className="muted small"> · {t(`gadLevel.${gad.level}`)} · {gad.dpaCode}</span>
              </li>
            ))
          )}
        </ul>
      </div>
    </div>
  );
}
