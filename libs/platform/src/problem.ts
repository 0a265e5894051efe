import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from 'pino';
import type { ZodError } from 'zod';
import { AppError, type FieldError, ValidationError } from './errors.js';
import { malformedPathFields, malformedQueryFields } from './percent-encoding.js';
import { unstorableTextFields } from './storable-text.js';

/** RFC 9457 problem details, as every error response carries them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

const PROBLEM_BASE = 'https://shop.dev/problems/';

/** Answers with an `application/problem+json` body. */
export function problemResponse(
  c: Context,
  problem: Problem,
  headers: Record<string, string> = {},
): Response {
  return c.body(JSON.stringify(problem), problem.status as ContentfulStatusCode, {
    ...headers,
    'content-type': 'application/problem+json',
  });
}

/** Builds a problem for a status, its type named after the title. */
export function problemOf(status: number, title: string, detail: string, errors?: FieldError[]): Problem {
  const type = `${PROBLEM_BASE}${title.toLowerCase().replaceAll(' ', '-')}`;
  return errors ? { type, title, status, detail, errors } : { type, title, status, detail };
}

/** The problem an error of the family answers with: its own members, then its extensions. */
export function problemOfError(error: AppError): Problem {
  const problem = problemOf(error.status, error.title, error.detail, error.errors);
  return error.extensions ? { ...problem, ...error.extensions } : problem;
}

/** Turns zod issues into `{path, message}` pairs with dotted paths; each unknown key gets its own. */
export function fieldErrors(error: ZodError): FieldError[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: [...issue.path, key].join('.'), message: 'Unknown field' }))
      : [{ path: issue.path.join('.'), message: issue.message }],
  );
}

/** What zod-openapi hands a validation hook: the target, and the parsed data or the zod error. */
export interface ValidationResult {
  success: boolean;
  target?: string;
  data?: unknown;
  error?: ZodError;
}

/**
 * The `defaultHook` of every app: throws the 400 of a failed zod validation, and of valid input that
 * PostgreSQL could not store as given (NUL, lone surrogates, malformed percent-encoding), naming each field.
 */
export function rejectInvalid(result: ValidationResult, c?: Context): void {
  if (!result.success && result.error) {
    throw new ValidationError('The request does not match the expected schema', fieldErrors(result.error));
  }
  const errors = [...malformedEncodingFields(result.target, c), ...unstorableTextFields(result.data)];
  if (errors.length > 0) {
    throw new ValidationError('The request holds text that cannot be stored', errors);
  }
}

function malformedEncodingFields(target: string | undefined, c: Context | undefined): FieldError[] {
  if (!c) return [];
  if (target === 'query') return malformedQueryFields(c.req.url);
  if (target === 'param') return malformedPathFields(c.req.url, c.req.routePath);
  return [];
}

/** The one error-to-response mapping: known errors become problems, anything else a bare 500. */
export function errorHandler(logger: Logger) {
  return function onError(error: Error, c: Context): Response {
    if (error instanceof AppError) {
      return problemResponse(c, problemOfError(error), error.headers);
    }
    if (error instanceof HTTPException && error.status < 500) {
      return problemResponse(
        c,
        problemOf(error.status, titleOf(error.status), error.message || 'Bad request'),
      );
    }
    logger.error({ err: error, request_id: c.get('requestId') }, 'unhandled error');
    return problemResponse(c, problemOf(500, 'Internal server error', 'An unexpected error occurred'));
  };
}

function titleOf(status: number): string {
  if (status === 413) return 'Payload too large';
  if (status === 404) return 'Not found';
  if (status === 401) return 'Unauthorized';
  return 'Bad request';
}
