import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, statusOf, titleOf, type AppErrorCode, type FieldError } from './app-error.ts';

/** RFC 9457 body. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: AppErrorCode;
  errors: FieldError[];
  [extra: string]: unknown;
}

export function problemOf(error: AppError): Problem {
  const status = statusOf(error.code);
  return {
    type: `https://glocal.ec/problems/${error.code}`,
    title: titleOf(error.code),
    status,
    detail: error.message,
    code: error.code,
    errors: error.fieldErrors,
    ...error.extra,
  };
}

function sendProblem(reply: FastifyReply, error: AppError) {
  const problem = problemOf(error);
  return reply.code(problem.status).type('application/problem+json').send(problem);
}

interface ZodIssueLike {
  path?: PropertyKey[];
  message?: string;
  instancePath?: string;
  /** fastify-type-provider-zod puts the zod issue's code here and its other fields in params. */
  keyword?: string;
  params?: { issue?: { path?: PropertyKey[]; message?: string; code?: string; [detail: string]: unknown }; [detail: string]: unknown };
}

/** A field error with a machine code and its parameters, so a UI can word it in the reader's language. */
export interface CodedFieldError extends FieldError {
  code?: string;
  params?: Record<string, unknown>;
}

/** The zod issue's code (too_small, too_big, invalid_type, invalid_format, invalid_value, custom…) and the numbers or options behind it. */
export function issueCode(issue: { code?: string; [detail: string]: unknown } | undefined): Pick<CodedFieldError, 'code' | 'params'> {
  if (!issue?.code) return {};
  const params: Record<string, unknown> = {};
  for (const key of ['minimum', 'maximum', 'origin', 'format', 'expected', 'values', 'inclusive']) {
    const value = issue[key];
    if (value === undefined) continue;
    params[key] = typeof value === 'bigint' ? Number(value) : value;
  }
  return { code: issue.code, params };
}

function fieldErrorsOf(error: FastifyError): FieldError[] {
  const context = error.validationContext === 'querystring' ? 'query' : (error.validationContext ?? 'body');
  return (error.validation ?? []).map((raw) => {
    const issue = raw as unknown as ZodIssueLike;
    const path = issue.params?.issue?.path ?? issue.instancePath?.split('/').filter(Boolean) ?? [];
    const field = [context, ...path.map(String)].join('.');
    const coded: CodedFieldError = { field, message: issue.params?.issue?.message ?? issue.message ?? 'Invalid value', ...issueCode(issue.params?.issue ?? { ...issue.params, code: issue.keyword }) };
    return coded;
  });
}

/** Maps every error to a problem body in one place, so no route can leak a stack trace or a 500 by accident. */
export function installErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) return sendProblem(reply, error);
    if (hasZodFastifySchemaValidationErrors(error) || error.validation) {
      const fieldErrors = fieldErrorsOf(error);
      const inQuery = error.validationContext === 'querystring' || error.validationContext === 'params';
      return sendProblem(reply, new AppError(inQuery ? 'bad_request' : 'invalid', 'Some fields are not valid', fieldErrors));
    }
    const status = error.statusCode ?? 500;
    if (status === 413) return sendProblem(reply, new AppError('too_large', error.message));
    if (status === 429) return sendProblem(reply, new AppError('rate_limited', error.message));
    if (status >= 400 && status < 500) {
      return sendProblem(reply, new AppError(status === 404 ? 'not_found' : 'bad_request', error.message));
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      return sendProblem(reply, new AppError('unavailable', 'The database is not reachable; try again shortly'));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).type('application/problem+json').send({
      type: 'about:blank', title: 'Internal error', status: 500, detail: 'An unexpected error occurred', errors: [],
    });
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, AppError.notFound(`Route ${request.method} ${request.url.split('?')[0]}`)),
  );
}

function isDatabaseUnavailable(error: Error & { code?: string }): boolean {
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001'].includes(error.code ?? '')) return true;
  return /Connection terminated|connect ECONNREFUSED|Client has encountered a connection error|timeout exceeded when trying to connect/.test(error.message);
}
