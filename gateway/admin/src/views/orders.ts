import { ApiError } from '../api.js';
import { field, h, latestOnly } from '../dom.js';
import type { Session } from '../session.js';
import { customerOrders } from './customer-orders.js';
import { type Order, orderDetails } from './order-details.js';

/** Orders found by id or by customer (email or user id): status, lines, last rejection, and cancel. */
export function ordersView(session: Session): HTMLElement {
  const id = h('input', { type: 'number', min: '1', step: '1', required: true, inputmode: 'numeric' });
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Order by id' },
    field('Order id', id),
    h('button', { type: 'submit' }, 'Find'),
  );
  const result = h('div', { 'aria-live': 'polite' });
  const beginLoad = latestOnly();

  async function showOrder(orderId: number): Promise<void> {
    const isLatest = beginLoad();
    try {
      const order = await session.call<Order>(`/orders/${orderId}`);
      if (isLatest()) result.replaceChildren(orderDetails(session, order));
    } catch (error) {
      if (!isLatest()) return;
      const message = error instanceof ApiError ? error.message : String(error);
      result.replaceChildren(h('p', { role: 'alert', class: 'notice' }, message));
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void showOrder(Number(id.value));
  });
  return h(
    'section',
    { 'aria-labelledby': 'page-title' },
    h('h1', { id: 'page-title' }, 'Orders'),
    form,
    customerOrders(session, (orderId) => {
      void showOrder(orderId).then(() => result.querySelector('h2')?.scrollIntoView());
    }),
    result,
  );
}
