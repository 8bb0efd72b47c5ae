/**
 * A ticker asks for a job on a schedule: at start and every interval after. The job's unique key
 * makes the asking idempotent, so every instance may tick and one job per period still exists.
 */
export interface Ticker {
  tick(now?: Date): Promise<boolean>;
  start(intervalMs?: number): void;
  stop(): void;
}

export function createTicker(tick: (now?: Date) => Promise<boolean>, defaultIntervalMs: number, onFailure: (error: unknown) => void): Ticker {
  let timer: NodeJS.Timeout | undefined;
  return {
    tick,
    start(intervalMs = defaultIntervalMs) {
      const run = () => { tick().catch(onFailure); };
      run();
      timer = setInterval(run, intervalMs);
      // A pending tick must not keep a stopping process alive.
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}
