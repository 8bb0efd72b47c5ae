import type { FastifyInstance } from 'fastify';
import { AppError, type FieldError } from './app-error.ts';

const MAX_DEPTH = 32;

/**
 * PostgreSQL text cannot hold U+0000 or half a surrogate pair, and absurdly deep JSON only serves to exhaust the
 * stack. Both are refused up front with a 400 naming the field, instead of failing in SQL.
 */
function findBadValues(value: unknown, path: string, depth: number, errors: FieldError[]): void {
  if (errors.length > 20) return;
  if (depth > MAX_DEPTH) {
    errors.push({ field: path, message: `Nested deeper than ${MAX_DEPTH} levels` });
    return;
  }
  if (typeof value === 'string') {
    if (value.includes('\u0000')) errors.push({ field: path, message: 'Contains a NUL character' });
    // JSON can spell half of a surrogate pair ("\ud83d"): not text, and not storable as jsonb.
    else if (!value.isWellFormed()) errors.push({ field: path, message: 'Contains an unpaired surrogate (not valid Unicode)' });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => findBadValues(item, `${path}.${i}`, depth + 1, errors));
    return;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) errors.push({ field: path, message: 'A key contains a NUL character' });
      findBadValues(item, `${path}.${key}`, depth + 1, errors);
    }
  }
}

export function installInputGuards(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    const errors: FieldError[] = [];
    findBadValues(request.query, 'query', 0, errors);
    findBadValues(request.params, 'params', 0, errors);
    findBadValues(request.body, 'body', 0, errors);
    if (errors.length > 0) throw new AppError('bad_request', 'The request holds values that cannot be stored', errors);
  });
}
