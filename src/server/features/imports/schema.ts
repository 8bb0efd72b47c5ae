import { z } from 'zod';
import { actionTypes } from '../actions/schema.ts';

export const importKinds = [...actionTypes, 'partner', 'iati', 'sister_cities'] as const;
export const importKind = z.enum(importKinds).describe('What the file holds: one kind of action, partners, IATI activities or sister-city pairs');
export const templateKinds = [...actionTypes, 'partner', 'sister_cities'] as const;

const flag = z.union([z.boolean(), z.enum(['true', 'false', '1', '0', 'on', 'off'])])
  .transform((v) => v === true || v === 'true' || v === '1' || v === 'on');

/** The multipart form fields of `POST /api/imports` (the file travels beside them as `file`). */
export const importForm = z.object({
  /** What the file holds */
  kind: importKind,
  mode: z.enum(['create', 'update', 'upsert']).default('create')
    .describe('create adds only new rows; update changes only rows matched by externalId; upsert does both'),
  dryRun: flag.default(true).describe('Report what would happen, row by row, and write nothing'),
  skipBadRows: flag.default(false).describe('In a real run, apply the good rows and report the bad ones (otherwise one bad row stops all)'),
  mapping: z.string().max(20_000).optional()
    .transform((s, ctx) => {
      if (!s) return {};
      try {
        const parsed = z.record(z.string().max(200), z.string().max(100)).safeParse(JSON.parse(s));
        if (parsed.success) return parsed.data;
      } catch { /* reported below */ }
      ctx.addIssue({ code: 'custom', message: 'Expected a JSON object from file column to field' });
      return z.NEVER;
    })
    .describe('JSON object: file column header → field key; without it, headers matching a field key or label are used'),
  mappingId: z.uuid().optional().describe('A saved mapping to use instead of `mapping`'),
  gad: z.string().max(100).optional().describe('GAD id or DPA code; only a platform admin may name another GAD'),
});

export const importIdParam = z.object({ id: z.uuid().describe('Import id') });

export const importStatusQuery = z.object({
  lang: z.enum(['es', 'en', 'pt']).optional().describe('Language of the reasons; default from Accept-Language'),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000).describe('Report rows per page'),
  offset: z.coerce.number().int().min(0).default(0),
});

export const reportRow = z.object({
  row: z.number().int().describe('Row number as the spreadsheet shows it (the header is row 1)'),
  column: z.string().nullable().describe('Column header of the file'),
  value: z.string().nullable(),
  reason: z.string().describe('Why, in the requested language'),
  code: z.string().describe('Reason code, stable across languages'),
  severity: z.enum(['error', 'info']),
});

export const importStatus = z.object({
  id: z.string(),
  kind: z.string(),
  mode: z.string(),
  dryRun: z.boolean(),
  skipBadRows: z.boolean(),
  state: z.enum(['queued', 'running', 'done', 'failed']),
  outcome: z.string().nullable().describe('bad_rows: refused because of bad rows; file_unreadable'),
  progress: z.object({ phase: z.string(), done: z.number().int(), total: z.number().int() }),
  counts: z.object({ rows: z.number().int(), created: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), badRows: z.number().int() }),
  report: z.array(reportRow),
  reportTotal: z.number().int(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const templateParams = z.object({
  file: z.string().regex(new RegExp(`^(${templateKinds.join('|')})\\.(csv|xlsx)$`), 'Expected <kind>.csv or <kind>.xlsx').describe('e.g. agreement.csv'),
});
export const templateQuery = z.object({ lang: z.enum(['es', 'en', 'pt']).optional() });

export const mappingBody = z.object({
  kind: importKind,
  name: z.string().min(1).max(200).describe('Name to find it again, e.g. "Hoja de convenios 2013"'),
  mapping: z.record(z.string().max(200), z.string().max(100)).describe('File column header → field key'),
  gad: z.string().max(100).optional(),
});
export const mappingQuery = z.object({ kind: importKind.optional() });
