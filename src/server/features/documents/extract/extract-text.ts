import { readFile } from 'node:fs/promises';
import { XMLParser } from 'fast-xml-parser';
import type { Extractor } from '../media-types.ts';
import { guardZip, ZipRefused } from './zip-guard.ts';

export interface Extraction {
  state: 'done' | 'failed' | 'not_extractable';
  reason: string | null;
  text: string;
}

/** tsvector holds at most 1 MB; an archive document's first 300,000 characters are what search reads. */
export const MAX_TEXT_CHARS = 300_000;

function collectText(node: unknown, out: string[]) {
  if (typeof node === 'string' || typeof node === 'number') out.push(String(node));
  else if (Array.isArray(node)) for (const child of node) collectText(child, out);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('@_')) continue;
      collectText(value, out);
      if (key === 'text:p' || key === 'text:h') out.push('\n');
    }
  }
}

async function pdfText(path: string): Promise<string> {
  const { extractText, getDocumentProxy } = await import('unpdf');
  const pdf = await getDocumentProxy(new Uint8Array(await readFile(path)));
  const { text } = await extractText(pdf, { mergePages: true });
  return text;
}

async function docxText(path: string): Promise<string> {
  await guardZip(path);
  const mammoth = await import('mammoth');
  const result = await mammoth.extractRawText({ path });
  return result.value;
}

async function odtText(path: string): Promise<string> {
  const entries = await guardZip(path, undefined, ['content.xml']);
  const content = entries.get('content.xml');
  if (!content) throw new Error('The ODT file has no content.xml');
  const parser = new XMLParser({ ignoreAttributes: true, processEntities: true, preserveOrder: false, trimValues: false });
  const out: string[] = [];
  collectText(parser.parse(content.toString('utf8')), out);
  return out.join(' ');
}

async function xlsxText(path: string): Promise<string> {
  await guardZip(path);
  const ExcelJS = (await import('exceljs')).default;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', worksheets: 'emit', hyperlinks: 'ignore', styles: 'ignore', entries: 'emit' });
  const out: string[] = [];
  let length = 0;
  for await (const sheet of reader) {
    for await (const row of sheet) {
      const cells: string[] = [];
      (row as { eachCell: (cb: (cell: { text: string }) => void) => void }).eachCell((cell) => {
        const value = cell.text;
        if (value) cells.push(value);
      });
      const line = cells.join(' ');
      out.push(line);
      length += line.length;
      if (length > MAX_TEXT_CHARS) return out.join('\n');
    }
  }
  return out.join('\n');
}

const READERS: Record<Exclude<Extractor, 'image'>, (path: string) => Promise<string>> = { pdf: pdfText, docx: docxText, odt: odtText, xlsx: xlsxText };

/** Reads a file's text. A file that is broken, hostile or only an image is marked, never thrown. */
export async function extractText(path: string, extractor: Extractor): Promise<Extraction> {
  if (extractor === 'image') return { state: 'not_extractable', reason: 'An image has no text layer; text is not read from pictures', text: '' };
  try {
    const raw = await READERS[extractor](path);
    const text = raw.replace(/\u0000/g, '').replace(/[ \t\r\f\v]+/g, ' ').replace(/\n\s*\n+/g, '\n').trim().slice(0, MAX_TEXT_CHARS);
    if (!/\p{L}{2,}/u.test(text)) {
      return {
        state: 'not_extractable', text: '',
        reason: extractor === 'pdf' ? 'The PDF has no text layer (a scanned image?); text is not read from pictures' : 'The file contains no text',
      };
    }
    return { state: 'done', reason: null, text };
  } catch (error) {
    const message = error instanceof ZipRefused ? error.message : `The file could not be read as ${extractor.toUpperCase()}: ${(error as Error).message ?? String(error)}`;
    return { state: 'failed', reason: message.slice(0, 500), text: '' };
  }
}
