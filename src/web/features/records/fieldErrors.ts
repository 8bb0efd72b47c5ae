import type { TFunction } from 'i18next';
import { ApiError, type ProblemField } from '../../api/client.ts';

/** A server field error; `code` and `params` come from the zod issue (src/server/http/problem.ts). */
export interface CodedField extends ProblemField {
  code?: string;
  params?: { minimum?: number; maximum?: number; origin?: string; format?: string; expected?: string; values?: unknown[] };
}

/**
 * The server speaks English; the reader may not. A coded error is worded from the UI's own texts in
 * the reader's language; an uncoded one keeps the server's message.
 */
export function fieldErrorText(t: TFunction, error: CodedField): string {
  if (!error.code) return fieldErrorText(t, { ...error, ...codeFromMessage(error.message) });
  const p = error.params ?? {};
  const origin = p.origin === 'array' || p.origin === 'set' ? 'array' : p.origin === 'number' || p.origin === 'int' || p.origin === 'bigint' ? 'number' : 'string';
  switch (error.code) {
    case 'too_small':
      if (origin === 'string' && p.minimum === 1) return t('records.error.required');
      return t(`records.error.tooSmall_${origin}`, { count: Number(p.minimum ?? 0) });
    case 'too_big':
      return t(`records.error.tooBig_${origin}`, { count: Number(p.maximum ?? 0) });
    case 'invalid_type':
      return t('records.error.required');
    case 'invalid_format':
      if (p.format === 'email') return t('records.error.email');
      if (p.format === 'regex' && /date/i.test(error.message)) return t('records.error.date');
      if (p.format === 'url') return t('records.error.url');
      return t('records.error.format');
    case 'invalid_value':
      return t('records.error.choice');
    case 'custom':
      if (/before|after/i.test(error.message)) return t('records.error.dateOrder');
      if (/date/i.test(error.message)) return t('records.error.date');
      return error.message;
    default:
      return error.message;
  }
}

/**
 * Errors the server raises after its request schema (a PATCH merged with the stored record) carry zod's
 * English message only; its wording is stable enough to recover the code.
 */
function codeFromMessage(message: string): Pick<CodedField, 'code' | 'params'> {
  const size = /^Too (small|big): expected (string|number|array|int) to (?:have|be) [<>]=?\s*(\d+)/.exec(message);
  if (size) {
    const origin = size[2] === 'int' ? 'number' : size[2]!;
    return size[1] === 'small' ? { code: 'too_small', params: { minimum: Number(size[3]), origin } } : { code: 'too_big', params: { maximum: Number(size[3]), origin } };
  }
  if (/^Invalid option/.test(message)) return { code: 'invalid_value' };
  if (/^Invalid input: expected/.test(message)) return { code: 'invalid_type' };
  if (/YYYY-MM-DD|calendar date/i.test(message)) return { code: 'invalid_format', params: { format: 'regex' } };
  if (/must be on or (before|after)/.test(message)) return { code: 'custom' };
  return { code: 'unknown' };
}

/** Field errors keyed by the form's field id (server "body.details.areas" → "details.areas"). */
export function fieldErrorsOf(t: TFunction, error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const field of error.errors as CodedField[]) {
    const key = field.field.replace(/^body\./, '');
    out[key] ??= fieldErrorText(t, field);
  }
  return out;
}

/** A page-level message for a failed write, in the reader's language. */
export function problemText(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t('records.error.failed');
  if (error.status === 0) return t('records.error.network');
  if (error.status === 400 || error.status === 422) return t('records.error.invalid');
  if (error.status === 401) return t('records.error.signedOut');
  if (error.status === 403) return t('records.error.forbidden');
  if (error.status === 404) return t('records.error.notFound');
  if (error.status === 409) return t('records.error.conflict');
  if (error.status === 413) return t('records.error.tooLarge');
  if (error.status === 415) return t('records.error.fileType');
  if (error.status === 429) return t('records.error.rateLimited');
  return t('records.error.failed');
}
