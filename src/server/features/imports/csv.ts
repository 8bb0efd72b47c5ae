/**
 * RFC 4180 CSV, as spreadsheets write it: a byte-order mark, quoted fields with doubled quotes
 * and line breaks inside, CRLF or LF. Spanish-locale Excel separates with semicolons, so the
 * separator is whichever of `,` `;` or tab the header line uses most.
 */
export function parseCsv(text: string): string[][] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const separator = detectSeparator(text);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === '"' && field === '') {
      i++;
      let start = i;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q === -1) { field += text.slice(start); i = n; break; }
        if (text[q + 1] === '"') { field += text.slice(start, q + 1); i = q + 2; start = i; continue; }
        field += text.slice(start, q);
        i = q + 1;
        break;
      }
      // Anything between the closing quote and the separator is kept, as spreadsheets do.
      while (i < n && text[i] !== separator && text[i] !== '\n' && text[i] !== '\r') field += text[i++];
      continue;
    }
    if (c === separator) { row.push(field); field = ''; i++; continue; }
    if (c === '\n' || c === '\r') {
      row.push(field); field = '';
      rows.push(row); row = [];
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    const next = nextSpecial(text, i, separator);
    field += text.slice(i, next);
    i = next;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows.filter((r) => r.some((cell) => cell.trim() !== ''));
}

function nextSpecial(text: string, from: number, separator: string): number {
  for (let j = from; j < text.length; j++) {
    const c = text[j];
    if (c === separator || c === '\n' || c === '\r') return j;
  }
  return text.length;
}

function detectSeparator(text: string): string {
  const end = text.search(/\r|\n/);
  const header = end === -1 ? text : text.slice(0, end);
  const count = (s: string) => header.split(s).length - 1;
  const candidates = [',', ';', '\t'].map((s) => [s, count(s)] as const).sort((a, b) => b[1] - a[1]);
  return candidates[0]![1] > 0 ? candidates[0]![0] : ',';
}

/** Writes one CSV line; quotes only where needed. */
export function csvLine(cells: (string | number | null | undefined)[]): string {
  return cells.map((cell) => {
    const s = cell == null ? '' : String(cell);
    return /[",;\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  }).join(',');
}
