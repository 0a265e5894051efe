import { ApiError } from '../api.js';
import { h, money } from '../dom.js';
import type { Session } from '../session.js';
import { dataTable } from './tables.js';

/** An order as the API answers it. */
export interface Order {
  id: number;
  user_id: number;
  status: string;
  location: string;
  items: { product_name: string; quantity: number; unit_price: number; line_total: number }[];
  total: number;
  rejection?: {
    rejected_at: string;
    reason: string;
    shortages: { product_id: number; requested: number; available: number; reason: string }[];
  };
  created_at: string;
  executed_at?: string;
  cancelled_at?: string;
}

// Executing is offered too: the API answers 409 until the execution settles, and the console says so.
const CANCELLABLE = new Set(['pending', 'executing', 'executed']);

/** An order's status, customer, lines and last rejection, with a Cancel button while it can be cancelled. */
export function orderDetails(session: Session, order: Order): HTMLElement {
  const facts: [string, string][] = [
    ['Status', order.status],
    ['Customer (user id)', String(order.user_id)],
    ['Ship to', order.location],
    ['Total', money(order.total)],
    ['Created', order.created_at],
  ];
  if (order.executed_at) facts.push(['Executed', order.executed_at]);
  if (order.cancelled_at) facts.push(['Cancelled', order.cancelled_at]);
  return h(
    'article',
    { 'aria-labelledby': 'order-title' },
    h('h2', { id: 'order-title' }, `Order ${order.id}`),
    h(
      'dl',
      { class: 'facts' },
      ...facts.map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value))),
    ),
    CANCELLABLE.has(order.status) ? cancelControl(session, order) : null,
    dataTable(
      'Lines',
      ['Product', 'Quantity', 'Unit price', 'Line total'],
      order.items.map((line) => [
        line.product_name,
        String(line.quantity),
        money(line.unit_price),
        money(line.line_total),
      ]),
    ),
    order.rejection ? rejectionTable(order.rejection) : null,
  );
}

/** The Cancel button: asks first, then DELETE /orders/delete; the API's refusal (409) is shown beside it. */
function cancelControl(session: Session, order: Order): HTMLElement {
  const button = h('button', { type: 'button', class: 'danger' }, `Cancel order ${order.id}`);
  const outcome = h('p', { role: 'status', class: 'notice' });
  const stockNote = order.status === 'executed' ? ' Its stock goes back and its sale is reversed.' : '';
  button.addEventListener('click', async function cancelClicked() {
    if (!window.confirm(`Cancel order ${order.id}?${stockNote}`)) return;
    button.disabled = true;
    outcome.textContent = 'Cancelling…';
    try {
      const cancelled = await session.call<Order>('/orders/delete', {
        method: 'DELETE',
        body: { id: order.id },
      });
      const replacement = orderDetails(session, cancelled);
      replacement.prepend(h('p', { role: 'status' }, `Order ${order.id} cancelled.`));
      button.closest('article')?.replaceWith(replacement);
    } catch (error) {
      outcome.textContent = `Not cancelled: ${error instanceof ApiError ? error.message : String(error)}`;
      button.disabled = false;
    }
  });
  return h('div', { class: 'order-actions' }, button, outcome);
}

function rejectionTable(rejection: NonNullable<Order['rejection']>): HTMLElement {
  return dataTable(
    `Last rejection: ${rejection.reason} at ${rejection.rejected_at}`,
    ['Product id', 'Requested', 'Available', 'Reason'],
    rejection.shortages.map((s) => [
      String(s.product_id),
      String(s.requested),
      String(s.available),
      s.reason,
    ]),
  );
}
