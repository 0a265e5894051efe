import {
  AppError,
  BadGatewayError,
  GatewayTimeoutError,
  PayloadTooLargeError,
  ServiceUnavailableError,
} from '@shop/platform';

/** The client went away before the answer (nginx's 499): only logs and metrics ever see it. */
export class ClientClosedRequestError extends AppError {
  readonly status = 499;
  readonly title = 'Client closed request';
}

const unreachable = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const timedOut = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * The problem a failed upstream call becomes: 503 when the service cannot be reached, 504 when it
 * is too slow, 502 otherwise. Details name the service, never its address.
 */
export function upstreamFailure(error: unknown, service: string, clientGone: boolean): AppError {
  if (error instanceof AppError) return error;
  const cause = (error as { cause?: unknown })?.cause;
  if (cause instanceof PayloadTooLargeError) return cause;
  if (clientGone) return new ClientClosedRequestError('The client closed the connection');
  const code = errorCode(error);
  if (code && unreachable.has(code))
    return new ServiceUnavailableError(`The ${service} service is unavailable`);
  if (code && timedOut.has(code))
    return new GatewayTimeoutError(`The ${service} service did not answer in time`);
  return new BadGatewayError(`The ${service} service failed to answer`);
}

/** The error code of a failed call, looking through `cause` and the AggregateError of dual-stack connects. */
export function errorCode(error: unknown): string | undefined {
  const { code, cause, errors } = (error ?? {}) as { code?: unknown; cause?: unknown; errors?: unknown[] };
  if (typeof code === 'string') return code;
  if (cause) return errorCode(cause);
  return errors?.length ? errorCode(errors[0]) : undefined;
}
