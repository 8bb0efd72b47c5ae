// Row keys are a few hundred column names: each is renamed once, not by a regular expression per row
// (a fifth of the node time of an action detail). Bounded, in case a caller camelizes free-form keys.
const names = new Map<string, string>();
function apiName(key: string): string {
  let name = names.get(key);
  if (name === undefined) {
    name = key === 'country_code' ? 'country' : key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    if (names.size < 5000) names.set(key, name);
  }
  return name;
}

/** snake_case row keys to the camelCase the API speaks, dropping internal columns. */
export function camelize(row: Record<string, unknown>, omit: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in row) {
    if (!Object.hasOwn(row, key) || omit.includes(key)) continue;
    const value = row[key];
    out[apiName(key)] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}
