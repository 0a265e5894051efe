import { ApiError } from '../api.js';
import { field, h, latestOnly } from '../dom.js';
import type { Session } from '../session.js';
import { LOW_STOCK, type Product, productRow } from './product-row.js';

interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

const PAGE_SIZE = '20';

/** The product table: search, filters and sort, cursor paging, price and stock edited in place. */
export function catalogView(session: Session): HTMLElement {
  const search = h('input', { type: 'search', name: 'q' });
  const stock = h(
    'select',
    {},
    h('option', { value: '' }, 'All'),
    h('option', { value: 'true' }, 'In stock'),
    h('option', { value: 'false' }, 'Out of stock'),
  );
  const sort = h(
    'select',
    {},
    ...[
      ['name', 'Name'],
      ['price', 'Price, lowest first'],
      ['-price', 'Price, highest first'],
      ['created_at', 'Oldest first'],
    ].map(([value, label]) => h('option', { value: value ?? '' }, label ?? '')),
  );
  const form = h(
    'form',
    { class: 'filters', role: 'search' },
    field('Search by name', search),
    field('Stock', stock),
    field('Sort', sort),
    h('button', { type: 'submit' }, 'Search'),
  );
  const body = h('tbody');
  const summary = h('p', { 'aria-live': 'polite' });
  const previous = h('button', { type: 'button' }, 'Previous page');
  const next = h('button', { type: 'button' }, 'Next page');
  // The cursors of the pages seen, so Previous goes back without the API paging backwards.
  let cursors: (string | undefined)[] = [undefined];
  let nextCursor: string | null = null;

  const beginLoad = latestOnly();
  async function load(): Promise<void> {
    const isLatest = beginLoad();
    const query = new URLSearchParams({ sort: sort.value, limit: PAGE_SIZE });
    if (search.value.trim()) query.set('q', search.value.trim());
    if (stock.value) query.set('in_stock', stock.value);
    const cursor = cursors.at(-1);
    if (cursor) query.set('cursor', cursor);
    summary.textContent = 'Loading…';
    try {
      const page = await session.call<Page<Product>>(`/products?${query}`);
      if (!isLatest()) return;
      nextCursor = page.next_cursor;
      body.replaceChildren(...page.items.map((product) => productRow(session, product)));
      summary.textContent =
        page.items.length === 0
          ? 'No products match: change the search or the stock filter, or import a catalog.'
          : `Page ${cursors.length}: ${page.items.length} products. Rows at ${LOW_STOCK} units or fewer are marked low.`;
    } catch (error) {
      summary.textContent = error instanceof ApiError ? error.message : String(error);
    }
    previous.disabled = cursors.length === 1;
    next.disabled = nextCursor === null;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    cursors = [undefined];
    void load();
  });
  next.addEventListener('click', () => {
    if (nextCursor) cursors.push(nextCursor);
    void load();
  });
  previous.addEventListener('click', () => {
    cursors.pop();
    void load();
  });
  void load();
  const headers = ['Product', 'Category', 'Price', 'Stock', 'Cost', 'Save'];
  const table = h(
    'table',
    { class: 'products' },
    h('caption', {}, 'Products'),
    h('thead', {}, h('tr', {}, ...headers.map((header) => h('th', { scope: 'col' }, header)))),
    body,
  );
  return h(
    'section',
    { 'aria-labelledby': 'page-title' },
    h('h1', { id: 'page-title' }, 'Catalog'),
    form,
    summary,
    h('div', { class: 'table-scroll' }, table),
    h('div', { class: 'pager' }, previous, next),
  );
}
