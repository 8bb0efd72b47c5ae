/**
 * A memoised loader for a heavy library (or anything costly to build), so that the server imports it
 * where a route or job first needs it instead of at start: `const excel = lazy(() => import('exceljs'))`,
 * then `(await excel()).default`. Types stay static with `import type`. A failed load is forgotten, so a
 * later call tries again instead of repeating the error for the life of the process.
 */
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

/** exceljs (~0.2–1 CPU s to import): exports, import templates and XLSX imports load it on first use. */
export const loadExcelJS = lazy(async () => (await import('exceljs')).default);
