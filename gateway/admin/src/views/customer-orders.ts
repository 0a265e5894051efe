import { ApiError } from '../api.js';
import { field, h, latestOnly, money } from '../dom.js';
import type { Session } from '../session.js';
import type { Order } from './order-details.js';

interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

const PAGE_SIZE = '20';

/**
 * The search for one customer's orders — by email (GET /users?email=) or user id — listing their orders
 * newest first with a status filter and cursor paging; `onOpen` shows the order picked.
 */
export function customerOrders(session: Session, onOpen: (id: number) => void): HTMLElement {
  const customer = h('input', { type: 'text', required: true, autocomplete: 'off', spellcheck: 'false' });
  const status = h(
    'select',
    {},
    h('option', { value: '' }, 'Any'),
    ...['pending', 'executing', 'executed', 'cancelled'].map((name) => h('option', { value: name }, name)),
  );
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Orders of a customer' },
    field('Customer (email or id)', customer),
    field('Status', status),
    h('button', { type: 'submit' }, 'List orders'),
  );
  const result = h('div', { 'aria-live': 'polite' });
  const beginLoad = latestOnly();
  let cursors: (string | undefined)[] = [undefined];
  let userId: number | undefined;

  async function load(): Promise<void> {
    const isLatest = beginLoad();
    try {
      userId ??= await customerId(session, customer.value.trim());
      const query = new URLSearchParams({ user_id: String(userId), limit: PAGE_SIZE });
      if (status.value) query.set('status', status.value);
      const cursor = cursors.at(-1);
      if (cursor) query.set('cursor', cursor);
      const page = await session.call<Page<Order>>(`/orders/user?${query}`);
      if (isLatest()) result.replaceChildren(...ordersPage(page, userId));
    } catch (error) {
      if (!isLatest()) return;
      const message = error instanceof ApiError ? error.message : String(error);
      result.replaceChildren(h('p', { role: 'alert', class: 'notice' }, message));
    }
  }

  function ordersPage(page: Page<Order>, id: number): HTMLElement[] {
    if (page.items.length === 0 && cursors.length === 1) {
      return [
        h('p', { class: 'empty' }, `Customer ${id} has no ${status.value ? `${status.value} ` : ''}orders.`),
      ];
    }
    const previous = h('button', { type: 'button' }, 'Previous orders');
    const next = h('button', { type: 'button' }, 'More orders');
    previous.disabled = cursors.length === 1;
    next.disabled = page.next_cursor === null;
    previous.addEventListener('click', () => {
      cursors.pop();
      void load();
    });
    next.addEventListener('click', () => {
      if (page.next_cursor) cursors.push(page.next_cursor);
      void load();
    });
    return [ordersTable(page.items, id, onOpen), h('div', { class: 'pager' }, previous, next)];
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    cursors = [undefined];
    userId = undefined;
    void load();
  });
  return h('div', {}, form, result);
}

/** The user id of a customer given by id or by email; an unknown email is an ApiError-like message. */
async function customerId(session: Session, given: string): Promise<number> {
  if (/^\d+$/.test(given)) return Number(given);
  const found = await session.call<{ items: { id: number }[] }>(
    `/users?${new URLSearchParams({ email: given })}`,
  );
  const user = found.items[0];
  if (!user) throw new Error(`No customer has the email ${given}.`);
  return user.id;
}

function ordersTable(orders: Order[], userId: number, onOpen: (id: number) => void): HTMLElement {
  const headers = ['Order', 'Status', 'Total', 'Created (UTC)'];
  const rows = orders.map((order) => {
    const open = h('button', { type: 'button', class: 'link' }, `Order ${order.id}`);
    open.addEventListener('click', () => onOpen(order.id));
    return h(
      'tr',
      {},
      h('td', {}, open),
      h('td', {}, order.status),
      h('td', { class: 'number' }, money(order.total)),
      h('td', {}, order.created_at.slice(0, 19).replace('T', ' ')),
    );
  });
  const caption = `Orders of customer ${userId}, newest first`;
  return h(
    'div',
    { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': caption },
    h(
      'table',
      {},
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, ...headers.map((header) => h('th', { scope: 'col' }, header)))),
      h('tbody', {}, ...rows),
    ),
  );
}
