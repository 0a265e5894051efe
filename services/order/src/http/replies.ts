import { AppError, ConflictError, type KnownProblem, ProblemError, problemOfError } from '@shop/platform';
import type { StoredReply } from '../data/idempotency.repository.js';
import type { ExecutionOutcome } from '../execution/execute-order.js';
import type { Order, Shortage } from '../orders/order.js';
import { orderJson } from './order-json.js';

type OrderJson = ReturnType<typeof orderJson>;

/** The 409 of an execution rejected for want of stock: the order is pending again; its shortages come along. */
export class InsufficientStockError extends AppError {
  readonly status = 409;
  readonly title = 'Insufficient stock';
  override readonly extensions: { shortages: Shortage[] };

  constructor(order: Order, shortages: Shortage[]) {
    super(`Not enough stock for order ${order.id}; it is pending again and can be changed or executed later`);
    this.extensions = { shortages };
  }
}

/** The 409 of an execution catalog did not answer in time: the order is pending again. */
export class ExecutionTimedOutError extends AppError {
  readonly status = 409;
  readonly title = 'Execution timed out';

  constructor(order: Order) {
    super(
      `Catalog did not answer for order ${order.id} in time; it is pending again and can be executed later`,
    );
  }
}

/** The reply to a created order: 201 with the order. */
export function createdReply(order: Order): StoredReply {
  return { status: 201, body: orderJson(order) };
}

/** The reply to an execution: 200 executed, 202 still executing, 409 rejected (with shortages) or cancelled. */
export function executionReply(outcome: ExecutionOutcome): StoredReply {
  const { order } = outcome;
  switch (outcome.result) {
    case 'executed':
      return { status: 200, body: orderJson(order) };
    case 'executing':
      return { status: 202, body: orderJson(order) };
    case 'rejected':
      return order.rejection?.reason === 'execution_timed_out'
        ? errorReply(new ExecutionTimedOutError(order))
        : errorReply(new InsufficientStockError(order, outcome.shortages));
    case 'cancelled':
      return errorReply(new ConflictError(`Order ${order.id} was cancelled`));
  }
}

/**
 * A reply, maybe stored for an Idempotency-Key, as the route answers it: a success's order and
 * status; a problem is thrown, for onError to answer as it was stored.
 */
export function successOf<Status extends 200 | 201 | 202>(
  reply: StoredReply,
): { body: OrderJson; status: Status } {
  if (reply.status >= 400) throw new ProblemError(reply.body as KnownProblem);
  return { body: reply.body as OrderJson, status: reply.status as Status };
}

function errorReply(error: AppError): StoredReply {
  return { status: error.status, body: problemOfError(error) };
}
