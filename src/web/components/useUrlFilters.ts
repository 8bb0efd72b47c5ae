import { useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';

/**
 * The URL is a list page's only state, so any search can be shared. Holds the free-text box (typed
 * text is applied on submit), the offset, and an `update` that goes back to the first page.
 */
export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const offset = Math.max(0, Number(params.get('offset')) || 0);
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);

  function update(changes: Record<string, string>, keepOffset = false) {
    const next = new URLSearchParams(params);
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    if (!keepOffset) next.delete('offset');
    setParams(next);
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    update({ q: text.trim() });
  }

  const clear = () => setParams(new URLSearchParams());

  return { params, q, offset, text, setText, update, onSubmit, clear };
}
