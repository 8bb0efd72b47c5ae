import { it } from 'node:test';
import assert from 'node:assert/strict';
import { extractText, getDocumentProxy } from 'unpdf';
import { PdfWriter } from './pdf-document.ts';
import { chartSvg } from './chart-svg.ts';

it('writes a real PDF with headings, tables and a chart, whose text a PDF reader extracts', async () => {
  const pdf = new PdfWriter({ title: 'Informe anual — Quito', language: 'es' });
  pdf.title('Informe anual 2013', 'Distrito Metropolitano de Quito');
  pdf.heading('Posicionamiento internacional').table(['Año', 'Visitas', 'Premios'], [[2012, 8, 0], [2013, 5, 2]]);
  pdf.svg(chartSvg({ xAxis: { type: 'category', data: ['2012', '2013'] }, yAxis: { type: 'value' }, series: [{ type: 'bar', data: [8, 5] }] }));
  pdf.paragraph('Cooperación técnica con Bogotá y São Paulo: participação e ação.');
  const bytes = await pdf.finish();
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
  assert.match(text, /Informe anual 2013/);
  assert.match(text, /Distrito Metropolitano de Quito/);
  assert.match(text, /Cooperación técnica con Bogotá y São Paulo: participação e ação\./);
  assert.match(text, /2013\s+5\s+2/);
});
