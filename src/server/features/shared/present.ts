/** snake_case row keys to the camelCase the API speaks, dropping internal columns. */
export function camelize(row: Record<string, unknown>, omit: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (omit.includes(key)) continue;
    const name = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()).replace(/Code$/, (m) => (key === 'country_code' ? '' : m));
    out[key === 'country_code' ? 'country' : name] = value instanceof Date ? value.toISOString() : value;
  }
  return out;
}
