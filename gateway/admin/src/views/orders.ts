import { ApiError } from '../api.js';
import { field, h, money } from '../dom.js';
import type { Session } from '../session.js';
import { dataTable } from './tables.js';

interface Order {
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

/** An order found by its id: status, customer, lines and the last rejection. */
export function ordersView(session: Session): HTMLElement {
  const id = h('input', { type: 'number', min: '1', step: '1', required: true, inputmode: 'numeric' });
  const form = h(
    'form',
    { class: 'filters', role: 'search' },
    field('Order id', id),
    h('button', { type: 'submit' }, 'Find'),
  );
  const result = h('div', { 'aria-live': 'polite' });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      result.replaceChildren(orderDetails(await session.call<Order>(`/orders/${Number(id.value)}`)));
    } catch (error) {
      const message = error instanceof ApiError ? error.message : String(error);
      result.replaceChildren(h('p', { role: 'alert', class: 'notice' }, message));
    }
  });
  return h(
    'section',
    { 'aria-labelledby': 'page-title' },
    h('h1', { id: 'page-title' }, 'Orders'),
    form,
    h(
      'p',
      { class: 'hint' },
      'The API lists only a customer’s own orders and lets only its owner cancel one, so orders are found by id here.',
    ),
    result,
  );
}

function orderDetails(order: Order): HTMLElement {
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
    order.rejection
      ? dataTable(
          `Last rejection: ${order.rejection.reason} at ${order.rejection.rejected_at}`,
          ['Product id', 'Requested', 'Available', 'Reason'],
          order.rejection.shortages.map((s) => [
            String(s.product_id),
            String(s.requested),
            String(s.available),
            s.reason,
          ]),
        )
      : null,
  );
}
