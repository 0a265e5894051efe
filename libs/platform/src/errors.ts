/** One field-level complaint, as it appears in a problem's `errors`. */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * Extension members of a problem (RFC 9457 §3.2), such as the shortages of an insufficient-stock
 * 409: added to the body after the standard members, which they may not replace.
 */
export type ProblemExtensions = Record<string, unknown> & {
  [member in 'type' | 'title' | 'status' | 'detail' | 'errors']?: never;
};

/** Base of the error family that `onError` turns into problem+json; anything else is a bare 500. */
export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly title: string;
  /** What this error adds to its problem body; a subclass sets it. */
  readonly extensions?: ProblemExtensions;
  constructor(
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
  }
}

export class ValidationError extends AppError {
  readonly status = 400;
  readonly title = 'Invalid request';
}

export class UnauthorizedError extends AppError {
  readonly status = 401;
  readonly title = 'Unauthorized';
}

export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly title = 'Forbidden';
}

export class NotFoundError extends AppError {
  readonly status = 404;
  readonly title = 'Not found';
}

export class ConflictError extends AppError {
  readonly status = 409;
  readonly title = 'Conflict';
}

export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  readonly title = 'Payload too large';
}

export class UnprocessableError extends AppError {
  readonly status = 422;
  readonly title = 'Unprocessable content';
}

export class TooManyRequestsError extends AppError {
  readonly status = 429;
  readonly title = 'Too many requests';
}

export class ServiceUnavailableError extends AppError {
  readonly status = 503;
  readonly title = 'Service unavailable';
}

export class BadGatewayError extends AppError {
  readonly status = 502;
  readonly title = 'Bad gateway';
}

export class GatewayTimeoutError extends AppError {
  readonly status = 504;
  readonly title = 'Gateway timeout';
}

/**
 * An error whose problem is known whole — a reply stored for an Idempotency-Key and replayed, say;
 * `onError` answers it as it was (its type follows from its title, as every problem's does).
 */
export class ProblemError extends AppError {
  readonly status: number;
  readonly title: string;
  override readonly extensions: ProblemExtensions;

  constructor({ status, title, detail, errors, type: _type, ...extensions }: KnownProblem) {
    super(detail, errors);
    this.status = status;
    this.title = title;
    this.extensions = extensions as ProblemExtensions;
  }
}

/** A problem body as it was answered: the standard members and any extensions. */
export interface KnownProblem {
  type?: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}
