/** The one-time token of an emailed link: `#token=…` (kept out of server logs and Referer headers). */
export function tokenFromHash(hash: string): string {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? '';
}
