import type ExcelJS from 'exceljs';
import { loadExcelJS } from '../../lazy.ts';
import { csvLine } from './csv.ts';
import { fieldsFor, type ActionKind, type Locale } from './fields.ts';
import { partnerFields } from './import-partners.ts';
import { sisterCityFields } from './import-sister-cities.ts';

function columnsOf(kind: string): { labels: Record<Locale, string>; example: string }[] {
  if (kind === 'partner') return partnerFields;
  if (kind === 'sister_cities') return sisterCityFields;
  return fieldsFor(kind as ActionKind);
}

/** Headers in the reader's language and one example row; the importer reads these headers back in any of the three languages. */
export async function buildTemplate(kind: string, format: 'csv' | 'xlsx', locale: Locale): Promise<Buffer> {
  const columns = columnsOf(kind);
  const headers = columns.map((c) => c.labels[locale]);
  const example = columns.map((c) => c.example);
  if (format === 'csv') return Buffer.from(`\ufeff${csvLine(headers)}\r\n${csvLine(example)}\r\n`, 'utf8');
  const ExcelJS = await loadExcelJS();
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(kind);
  sheet.addRow(headers).font = { bold: true };
  sheet.addRow(example);
  sheet.columns.forEach((column) => { column.width = 22; });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
