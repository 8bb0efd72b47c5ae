import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client.ts';
import { fieldErrorsOf, fieldErrorText } from './fieldErrors.ts';
import es from './i18n/es.json' with { type: 'json' };

// A tiny stand-in for i18next over the Spanish texts: enough to see which text each error picks.
const t = ((key: string, options?: { count?: number }) => {
  const name = key.replace(/^records\.error\./, '');
  const texts = es.error as Record<string, string>;
  const text = texts[options?.count !== undefined ? `${name}_${options.count === 1 ? 'one' : 'other'}` : name] ?? texts[name] ?? key;
  return text.replace('{{count}}', String(options?.count ?? ''));
}) as unknown as TFunction;

it('words coded server field errors in the reader\'s language, with their numbers', () => {
  assert.equal(fieldErrorText(t, { field: 'body.title', message: 'Too small', code: 'too_small', params: { minimum: 1, origin: 'string' } }), 'Complete este campo.');
  assert.equal(fieldErrorText(t, { field: 'body.name', message: 'x', code: 'too_big', params: { maximum: 100, origin: 'string' } }), 'Escriba como máximo 100 caracteres.');
  assert.equal(fieldErrorText(t, { field: 'body.password', message: 'x', code: 'too_small', params: { minimum: 12, origin: 'string' } }), 'Escriba al menos 12 caracteres.');
  assert.equal(fieldErrorText(t, { field: 'body.email', message: 'x', code: 'invalid_format', params: { format: 'email' } }), 'Escriba un correo válido, como nombre@ejemplo.ec.');
  assert.equal(fieldErrorText(t, { field: 'body.details.kind', message: 'Invalid option', code: 'invalid_value' }), 'Elija una de las opciones.');
  assert.equal(fieldErrorText(t, { field: 'body.endDate', message: 'startDate must be on or before endDate', code: 'custom' }), 'La fecha final no puede ser anterior a la inicial.');
});

it('recovers the code from zod\'s English message when the server sent none, and keeps any other message as it is', () => {
  assert.equal(fieldErrorText(t, { field: 'body.title', message: 'Too small: expected string to have >=1 characters' }), 'Complete este campo.');
  assert.equal(fieldErrorText(t, { field: 'body.details.year', message: 'Too big: expected number to be <=2200' }), 'El valor máximo es 2200.');
  assert.equal(fieldErrorText(t, { field: 'body.startDate', message: 'Not a real calendar date' }), 'Escriba una fecha válida (AAAA-MM-DD).');
  assert.equal(fieldErrorText(t, { field: 'body.token', message: 'Invalid or expired token' }), 'Invalid or expired token');
});

it('keys field errors by the form field, without the body. prefix', () => {
  const error = new ApiError(422, 'Invalid', null, [{ field: 'body.details.areas', message: 'Too big: expected string to have <=5000 characters' }]);
  assert.deepEqual(fieldErrorsOf(t, error), { 'details.areas': 'Escriba como máximo 5000 caracteres.' });
});
