/**
 * RFC 6266 attachment header: a plain ASCII fallback for old clients, and the exact name in
 * `filename*` (RFC 8187, UTF-8, percent-encoded) so "Acta_Cooperación_Bogotá.pdf" survives.
 */
export function contentDisposition(filename: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const clean = filename.replace(/[\u0000-\u001f\u007f/\\]/g, '_').trim() || 'document';
  const fallback = clean.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^\x20-\x7e]/g, '_').replace(/["%;]/g, '_');
  const encoded = encodeURIComponent(clean).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
