import { useCallback, useEffect, useState } from 'react';

export type ApiState<T> =
  | { status: 'loading'; data: null; error: null }
  | { status: 'error'; data: null; error: unknown }
  | { status: 'ok'; data: T; error: null };

/** Loads data for the current dependencies; aborts stale requests so results never arrive out of order. */
export function useApi<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): ApiState<T> & { reload: () => void } {
  const [state, setState] = useState<{ for: readonly unknown[]; value: ApiState<T> }>({ for: [], value: LOADING });
  const [attempt, setAttempt] = useState(0);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const current = [...deps, attempt];

  useEffect(() => {
    const controller = new AbortController();
    setState({ for: current, value: LOADING });
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ for: current, value: { status: 'ok', data, error: null } });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ for: current, value: { status: 'error', data: null, error } });
      },
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, current);

  // On the render where the dependencies change (a new record id in the URL) the effect has not run yet:
  // the previous record's data must not be shown under the new address, even for one frame.
  const fresh = state.for.length === current.length && state.for.every((value, i) => Object.is(value, current[i]));
  return { ...(fresh ? state.value : LOADING), reload };
}

const LOADING = { status: 'loading', data: null, error: null } as const;
