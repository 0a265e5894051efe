import { ConflictError, NotFoundError } from '@shop/platform';
import type { OrderStatus } from './order.js';

/** The 404 of an order that does not exist or is not the caller's (never telling which). */
export function orderNotFound(id: number): NotFoundError {
  return new NotFoundError(`Order ${id} not found`);
}

/** The 409 of an order whose status does not allow what was asked. */
export function wrongState(id: number, status: OrderStatus, action: string): ConflictError {
  return new ConflictError(`Order ${id} is ${status}: ${action}`);
}
