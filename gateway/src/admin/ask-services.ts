import { eventsConsumedBy } from '@shop/contracts';
import { currentTraceHeaders } from '@shop/messaging';
import type { AppError } from '@shop/platform';
import type { Dispatcher } from 'undici';
import { upstreamFailure } from '../proxy/upstream-errors.js';
import type { Upstream, Upstreams } from '../proxy/upstreams.js';

/** What one service answered, or how asking it failed. */
export type ServiceAnswer =
  | { service: string; status: number; body: unknown; wwwAuthenticate?: string }
  | { service: string; failure: AppError };

/** The caller's credentials and request id, passed on to every service asked. */
export interface AskedFor {
  authorization: string | undefined;
  requestId: string;
  signal: AbortSignal;
}

/** The deployed services that consume events: each keeps its own dead letters. */
export function deadLetterKeepers(upstreams: Upstreams): Upstream[] {
  return [...upstreams.values()].filter((upstream) => eventsConsumedBy(upstream.name).length > 0);
}

/** What to ask every service; answers are read as JSON unless `read` is 'text' (the body as it came). */
export interface ServiceRequest {
  method: Dispatcher.HttpMethod;
  path: string;
  read?: 'json' | 'text';
}

/** Sends the same request to each service in parallel and reads every answer whole. */
export function askServices(
  services: Upstream[],
  request: ServiceRequest,
  caller: AskedFor,
): Promise<ServiceAnswer[]> {
  const asText = request.read === 'text';
  const headers: Record<string, string> = {
    accept: asText ? 'text/plain' : 'application/json',
    'x-request-id': caller.requestId,
    ...currentTraceHeaders(),
  };
  if (caller.authorization) headers.authorization = caller.authorization;
  return Promise.all(
    services.map(async function askService(upstream): Promise<ServiceAnswer> {
      try {
        const answer = await upstream.pool.request({
          method: request.method,
          path: upstream.basePath + request.path,
          headers,
          signal: caller.signal,
        });
        const text = await answer.body.text();
        const challenge = answer.headers['www-authenticate'];
        return {
          service: upstream.name,
          status: answer.statusCode,
          body: asText ? text : text ? JSON.parse(text) : undefined,
          ...(typeof challenge === 'string' && { wwwAuthenticate: challenge }),
        };
      } catch (error) {
        return {
          service: upstream.name,
          failure: upstreamFailure(error, upstream.name, caller.signal.aborted),
        };
      }
    }),
  );
}
