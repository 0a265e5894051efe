import { problemOf } from '@shop/platform';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { StoredReply } from '../data/idempotency.repository.js';
import type { ExecutionOutcome } from '../orders/execute-order.js';
import { orderJson } from './order-json.js';

/** The reply to an execution: 200 executed, 202 still executing, 409 rejected (with shortages) or cancelled. */
export function executionReply(outcome: ExecutionOutcome): StoredReply {
  const { order } = outcome;
  switch (outcome.result) {
    case 'executed':
      return { status: 200, body: orderJson(order) };
    case 'executing':
      return { status: 202, body: orderJson(order) };
    case 'rejected': {
      if (order.rejection?.reason === 'execution_timed_out') {
        const timedOut = `Catalog did not answer for order ${order.id} in time; it is pending again and can be executed later`;
        return { status: 409, body: problemOf(409, 'Execution timed out', timedOut) };
      }
      const detail = `Not enough stock for order ${order.id}; it is pending again and can be changed or executed later`;
      return {
        status: 409,
        body: { ...problemOf(409, 'Insufficient stock', detail), shortages: outcome.shortages },
      };
    }
    case 'cancelled':
      return { status: 409, body: problemOf(409, 'Conflict', `Order ${order.id} was cancelled`) };
  }
}

/** Sends a reply that may have been stored for an Idempotency-Key; errors as problem+json. */
export function sendReply(c: Context, reply: StoredReply): Response {
  const contentType = reply.status >= 400 ? 'application/problem+json' : 'application/json';
  return c.body(JSON.stringify(reply.body), reply.status as ContentfulStatusCode, {
    'content-type': contentType,
  });
}
