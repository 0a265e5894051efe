/** One field-level complaint, as it appears in a problem's `errors`. */
export interface FieldError {
  path: string;
  message: string;
}

/** Base of the error family that `onError` turns into problem+json; anything else is a bare 500. */
export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly title: string;
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
