import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AppError } from '../../http/app-error.ts';

/**
 * IATI activity files can hold thousands of activities. They are read in slices and cut at
 * `</iati-activity>`, and each activity is validated and parsed on its own, so memory holds
 * one activity at a time and an error carries its line in the whole file.
 */
export interface ActivityChunk { xml: string; line: number; index: number }
export interface IatiDocument { version: string | null; activities: AsyncGenerator<ActivityChunk> }

const OPEN = /<iati-activity[\s>/]/g;
const CLOSE = '</iati-activity>';
const SLICE = 1 << 20;

function xmlError(line: number, reason: string): AppError {
  return new AppError('invalid', `The XML is not well formed (line ${line}): ${reason}`,
    [{ field: 'body.file', message: `Line ${line}: ${reason}` }], { line, reason });
}

const linesIn = (s: string) => { let n = 0; for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) n++; return n; };

function validate(xml: string, firstLine: number) {
  const result = XMLValidator.validate(xml, { allowBooleanAttributes: true });
  if (result !== true) throw xmlError(firstLine + result.err.line - 1, result.err.msg);
}

async function* slices(data: Uint8Array): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for (let i = 0; i < data.length; i += SLICE) yield decoder.decode(data.subarray(i, i + SLICE), { stream: i + SLICE < data.length });
}

/** Streams the activities of a file; throws a 422 AppError with the line for XML that is not well formed. */
export async function* iatiActivities(data: Uint8Array, onHeader?: (version: string | null) => void): AsyncGenerator<ActivityChunk> {
  let buffer = '';
  let line = 1;
  let head: string | null = null;
  let skeleton = '';
  let index = 0;
  for await (const slice of slices(data)) {
    buffer += slice;
    for (;;) {
      OPEN.lastIndex = 0;
      const open = OPEN.exec(buffer);
      if (!open) break;
      if (head === null) {
        head = buffer.slice(0, open.index);
        skeleton = head;
        const root = /<iati-activities\b([^>]*)>/.exec(head);
        if (!root) throw xmlError(line + linesIn(head), 'expected the root element <iati-activities> before the first activity');
        onHeader?.(/\bversion\s*=\s*["']([^"']*)["']/.exec(root[1]!)?.[1] ?? null);
      } else if (open.index > 0) {
        skeleton += buffer.slice(0, open.index);
      }
      line += linesIn(buffer.slice(0, open.index));
      buffer = buffer.slice(open.index);
      const close = buffer.indexOf(CLOSE);
      if (close === -1) break;
      const nextOpen = (() => { OPEN.lastIndex = 1; const m = OPEN.exec(buffer); return m && m.index < close ? m.index : -1; })();
      if (nextOpen !== -1) throw xmlError(line + linesIn(buffer.slice(0, nextOpen)), 'an <iati-activity> starts before the previous one is closed');
      const xml = buffer.slice(0, close + CLOSE.length);
      validate(xml, line);
      yield { xml, line, index: index++ };
      line += linesIn(xml);
      buffer = buffer.slice(xml.length);
    }
  }
  if (head === null) {
    validate(buffer, 1);
    throw xmlError(1, 'the file holds no <iati-activity>');
  }
  if (buffer.includes('<iati-activity')) throw xmlError(line, 'an <iati-activity> is not closed');
  // What is left around the activities must itself be a well-formed document (the root and its end tag).
  validate(skeleton + buffer, 1);
}

/** The upload-time check: the whole file streamed once, refused with its line if any part is not well formed. */
export async function checkIatiXml(data: Uint8Array): Promise<void> {
  for await (const chunk of iatiActivities(data)) void chunk;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ['narrative', 'participating-org', 'recipient-country', 'activity-date', 'budget', 'title', 'description', 'iati-identifier'].includes(name),
});

type Node = Record<string, unknown>;
const arr = (v: unknown): Node[] => (Array.isArray(v) ? v : v == null ? [] : [v]) as Node[];
const text = (v: unknown): string => (v == null ? '' : typeof v === 'object' ? String((v as Node)['#text'] ?? '') : String(v)).trim();

function narrative(node: unknown): string | null {
  const narratives = arr(node).flatMap((n) => arr(n.narrative));
  const es = narratives.find((n) => n['@xml:lang'] === 'es');
  const chosen = (es ?? narratives.find((n) => text(n) !== '')) as Node | undefined;
  return chosen ? text(chosen) || null : null;
}

export interface IatiActivity {
  identifier: string | null;
  title: string | null;
  description: string | null;
  recipientCountries: string[];
  status: string | null;
  dates: { type: string; date: string }[];
  financeType: string | null;
  orgs: { ref: string | null; type: string | null; role: string | null; name: string | null }[];
}

export function parseActivity(xml: string): IatiActivity {
  const doc = parser.parse(xml) as Node;
  const a = (doc['iati-activity'] ?? {}) as Node;
  return {
    identifier: text(arr(a['iati-identifier'])[0]) || null,
    title: narrative(a.title),
    description: narrative(a.description),
    recipientCountries: arr(a['recipient-country']).map((c) => String(c['@code'] ?? '').toUpperCase()).filter(Boolean),
    status: (arr(a['activity-status'])[0]?.['@code'] as string | undefined) ?? null,
    dates: arr(a['activity-date']).map((d) => ({ type: String(d['@type'] ?? ''), date: String(d['@iso-date'] ?? '') })),
    financeType: (arr(a['default-finance-type'])[0]?.['@code'] as string | undefined) ?? null,
    orgs: arr(a['participating-org']).map((o) => ({
      ref: (o['@ref'] as string | undefined)?.trim() || null, type: (o['@type'] as string | undefined) ?? null,
      role: (o['@role'] as string | undefined) ?? null, name: narrative([o]),
    })),
  };
}
