import { ConflictError, NotFoundError, UnprocessableError } from '@shop/platform';
import type { OrderStatus } from './order.js';

/** The 404 of an order that does not exist or is not the caller's (never telling which). */
export function orderNotFound(id: number): NotFoundError {
  return new NotFoundError(`Order ${id} not found`);
}

/** The 409 of an order whose status does not allow what was asked. */
export function wrongState(id: number, status: OrderStatus, action: string): ConflictError {
  return new ConflictError(`Order ${id} is ${status}: ${action}`);
}

/** The 422 of lines whose total does not fit an order's numeric(12,2). */
export function totalTooLarge(): UnprocessableError {
  return new UnprocessableError('The order total exceeds 9,999,999,999.99', [
    { path: 'items', message: 'Total too large' },
  ]);
}
