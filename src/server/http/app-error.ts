/** A field-level problem, named by its path in the request ("details.validUntil", "query.limit"). */
export interface FieldError {
  field: string;
  message: string;
}

export type AppErrorCode = 'invalid' | 'bad_request' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'too_large' | 'unsupported_media_type' | 'rate_limited' | 'unavailable';

/**
 * The one error type use cases throw. A record the caller may not see is `not_found`,
 * never `forbidden`, so its existence is not revealed.
 */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly fieldErrors: FieldError[];
  readonly extra: Record<string, unknown>;

  constructor(code: AppErrorCode, message: string, fieldErrors: FieldError[] = [], extra: Record<string, unknown> = {}) {
    super(message);
    this.code = code;
    this.fieldErrors = fieldErrors;
    this.extra = extra;
  }

  static invalid(message: string, fieldErrors: FieldError[]) {
    return new AppError('invalid', message, fieldErrors);
  }

  static notFound(what: string) {
    return new AppError('not_found', `${what} not found`);
  }

  static conflict(message: string, extra: Record<string, unknown> = {}) {
    return new AppError('conflict', message, [], extra);
  }
}

const STATUS: Record<AppErrorCode, number> = {
  invalid: 422,
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
};

const TITLE: Record<AppErrorCode, string> = {
  invalid: 'The request has invalid fields',
  bad_request: 'The request could not be read',
  unauthenticated: 'Sign-in required',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  conflict: 'Conflict with the current state',
  too_large: 'Too large',
  unsupported_media_type: 'Unsupported file type',
  rate_limited: 'Too many requests',
  unavailable: 'Service unavailable',
};

export function statusOf(code: AppErrorCode): number {
  return STATUS[code];
}

export function titleOf(code: AppErrorCode): string {
  return TITLE[code];
}
