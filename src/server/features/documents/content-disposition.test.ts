import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentDisposition } from './content-disposition.ts';
import { acceptedType, extractorOf } from './media-types.ts';

test('a download keeps its accented name in filename* and an ASCII fallback', () => {
  assert.equal(contentDisposition('Acta Cooperación Bogotá.pdf'),
    `attachment; filename="Acta Cooperacion Bogota.pdf"; filename*=UTF-8''Acta%20Cooperaci%C3%B3n%20Bogot%C3%A1.pdf`);
});

test('quotes, separators and control characters never break the header', () => {
  const header = contentDisposition('a"b;c\\d/e\r\nf%.pdf');
  assert.doesNotMatch(header, /[\r\n]/);
  assert.match(header, /^attachment; filename="a_b_c_d_e__f_\.pdf"; filename\*=UTF-8''a%22b%3Bc_d_e__f%25\.pdf$/);
});

test('only PDF, DOCX, ODT, XLSX, JPEG and PNG are accepted', () => {
  for (const ext of ['pdf', 'docx', 'odt', 'xlsx', 'jpg', 'png']) assert.ok(acceptedType(ext), ext);
  for (const ext of ['elf', 'exe', 'zip', 'gif', undefined]) assert.equal(acceptedType(ext), undefined);
  assert.equal(extractorOf('application/pdf'), 'pdf');
  assert.equal(extractorOf('image/png'), 'image');
});
