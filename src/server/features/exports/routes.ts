import { PassThrough, Readable } from 'node:stream';
import { once } from 'node:events';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type ExcelJS from 'exceljs';
import { loadExcelJS } from '../../lazy.ts';
import { ctxOf } from '../../http/context.ts';
import { exportFilter } from './export-filter.ts';
import { actionBatches, COLUMNS, flatRow, jsonRow } from './stream-actions.ts';
import { BOM, csvLine } from './csv.ts';
import { iatiBatches } from './iati-rows.ts';
import { activityXml, IATI_FOOTER, iatiHeader } from './iati.ts';
import { exportQuery } from './schema.ts';

const tags = ['exports'];
const attachment = (name: string) => `attachment; filename="${name}"`;

export const exportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/export/actions.csv', {
    config: { access: 'public' }, schema: { tags, summary: 'Actions as CSV (UTF-8 with BOM, RFC 4180), streamed; same filters as the action list', querystring: exportQuery },
  }, async (request, reply) => {
    const ctx = ctxOf(request);
    const where = await exportFilter(ctx.db, ctx.actor, request.query);
    async function* lines() {
      yield BOM + csvLine(COLUMNS);
      for await (const batch of actionBatches(ctx.db, where)) yield batch.map((row) => csvLine(flatRow(row))).join('');
    }
    return reply.type('text/csv; charset=utf-8').header('content-disposition', attachment('glocal-actions.csv')).send(Readable.from(lines()));
  });

  app.get('/api/export/actions.json', {
    config: { access: 'public' }, schema: { tags, summary: 'Actions as a JSON array, streamed; same filters as the action list', querystring: exportQuery },
  }, async (request, reply) => {
    const ctx = ctxOf(request);
    const where = await exportFilter(ctx.db, ctx.actor, request.query);
    async function* chunks() {
      yield '[';
      let first = true;
      for await (const batch of actionBatches(ctx.db, where)) {
        yield batch.map((row) => { const text = (first ? '\n' : ',\n') + JSON.stringify(jsonRow(row)); first = false; return text; }).join('');
      }
      yield '\n]\n';
    }
    return reply.type('application/json; charset=utf-8').header('content-disposition', attachment('glocal-actions.json')).send(Readable.from(chunks()));
  });

  app.get('/api/export/actions.xlsx', {
    config: { access: 'public' }, schema: { tags, summary: 'Actions as an Excel workbook, streamed; same filters as the action list', querystring: exportQuery },
  }, async (request, reply) => {
    const ctx = ctxOf(request);
    const where = await exportFilter(ctx.db, ctx.actor, request.query);
    const out = new PassThrough({ highWaterMark: 1 << 20 });
    // Inline strings and no styles: a shared-strings table would grow with every row.
    const ExcelJS = await loadExcelJS();
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
    const sheet = workbook.addWorksheet('actions');
    const write = async () => {
      sheet.addRow([...COLUMNS]).commit();
      for await (const batch of actionBatches(ctx.db, where)) {
        for (const row of batch) sheet.addRow(flatRow(row)).commit();
        // Wait for the client before reading the next batch.
        if (out.writableNeedDrain) await once(out, 'drain');
      }
      sheet.commit();
      await workbook.commit();
    };
    write().catch((error: unknown) => out.destroy(error as Error));
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', attachment('glocal-actions.xlsx')).send(out);
  });

  app.get('/api/export/iati.xml', {
    config: { access: 'public' },
    schema: { tags, summary: 'IATI 2.03 activity XML of cooperation projects and funded agreements, streamed; same filters as the action list', querystring: exportQuery },
  }, async (request, reply) => {
    const ctx = ctxOf(request);
    const where = await exportFilter(ctx.db, ctx.actor, request.query);
    const options = { publicUrl: app.publicUrl, themeVocabularyUri: `${app.publicUrl}/api/reference/themes` };
    async function* chunks() {
      yield iatiHeader(ctx.now);
      for await (const batch of iatiBatches(ctx.db, where)) {
        const activities = batch.map((row) => activityXml(row, options)).filter((x): x is string => x !== null);
        if (activities.length) yield `${activities.join('\n')}\n`;
      }
      yield IATI_FOOTER;
    }
    return reply.type('application/xml; charset=utf-8').header('content-disposition', attachment('glocal-iati-activities.xml')).send(Readable.from(chunks()));
  });
};
