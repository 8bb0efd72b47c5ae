import type ExcelJS from 'exceljs';
import { loadExcelJS } from '../../lazy.ts';
import { AppError } from '../../http/app-error.ts';
import { parseCsv } from './csv.ts';

export type FileFormat = 'csv' | 'xlsx' | 'xml';

/** Decided by content, never by the name or the declared type: an XLSX is a ZIP, XML starts with `<`. */
export function formatOf(data: Uint8Array): FileFormat {
  if (data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04) return 'xlsx';
  let i = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? 3 : 0;
  while (i < data.length && (data[i] === 0x20 || data[i] === 0x0a || data[i] === 0x0d || data[i] === 0x09)) i++;
  return data[i] === 0x3c ? 'xml' : 'csv';
}

function cellText(value: ExcelJS.CellValue): string {
  if (value == null) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    return '';
  }
  return String(value);
}

/** The first sheet (or the CSV) as rows of cell texts, header row first. */
export async function readTable(data: Uint8Array): Promise<string[][]> {
  const format = formatOf(data);
  if (format === 'xml') throw AppError.invalid('Expected a CSV or XLSX file', [{ field: 'body.file', message: 'This is an XML file' }]);
  if (format === 'csv') {
    const text = new TextDecoder('utf-8', { fatal: false }).decode(data);
    if (text.includes('\u0000')) throw AppError.invalid('Expected a CSV or XLSX file', [{ field: 'body.file', message: 'Binary content' }]);
    return parseCsv(text);
  }
  const ExcelJS = await loadExcelJS();
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch (error) {
    throw AppError.invalid('The spreadsheet could not be read', [{ field: 'body.file', message: (error as Error).message.slice(0, 200) }]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: string[][] = [];
  const width = sheet.columnCount;
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value));
    if (cells.some((x) => x.trim() !== '')) rows.push(cells);
  });
  return rows;
}
