/**
 * Progress of the runs this process is working on. A real run is one transaction, so its rows
 * are invisible to other connections until it commits; progress is kept here and read by
 * `GET /api/imports/:id` on the same instance.
 */
const live = new Map<string, { done: number; total: number; phase: string }>();

export function reportProgress(id: string, phase: string, done: number, total: number) {
  live.set(id, { phase, done, total });
}
export const progressOf = (id: string) => live.get(id);
export const forgetProgress = (id: string) => live.delete(id);
