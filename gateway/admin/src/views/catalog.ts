import { ApiError } from '../api.js';
import { counted, field, h, latestOnly } from '../dom.js';
import type { Session } from '../session.js';
import { fieldError } from './field-error.js';
import { LOW_STOCK, type Product, productRow } from './product-row.js';

interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

const PAGE_SIZE = '20';

/**
 * The product table: search, filters and sort, cursor paging, price and stock edited in place; the
 * low-stock view lists the products at or below a threshold (GET /products?max_quantity=), fewest first.
 */
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
      ['quantity', 'Stock, lowest first'],
    ].map(([value, label]) => h('option', { value: value ?? '' }, label ?? '')),
  );
  const lowOnly = h('input', { type: 'checkbox', name: 'low_stock' });
  const threshold = h('input', {
    type: 'number',
    min: '0',
    step: '1',
    value: String(LOW_STOCK),
    inputmode: 'numeric',
    class: 'edit',
  });
  const thresholdError = fieldError(threshold, 'error-max-quantity');
  // Choosing the low-stock view sorts by stock; the sort can still be changed.
  lowOnly.addEventListener('change', () => {
    if (lowOnly.checked) sort.value = 'quantity';
  });
  const form = h(
    'form',
    { class: 'filters', role: 'search' },
    field('Search by name', search),
    field('Stock', stock),
    field('Sort', sort),
    h('div', { class: 'field checkbox' }, lowOnly, h('label', { for: 'field-low-stock' }, 'Low stock only')),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'field-low-stock-threshold' }, 'Low-stock threshold (units)'),
      threshold,
      thresholdError.element,
    ),
    h('button', { type: 'submit' }, 'Search'),
  );
  lowOnly.id = 'field-low-stock';
  threshold.id = 'field-low-stock-threshold';
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
    if (lowOnly.checked) query.set('max_quantity', threshold.value.trim());
    thresholdError.clear();
    const cursor = cursors.at(-1);
    if (cursor) query.set('cursor', cursor);
    summary.textContent = 'Loading…';
    try {
      const page = await session.call<Page<Product>>(`/products?${query}`);
      if (!isLatest()) return;
      nextCursor = page.next_cursor;
      const lowStockAt = lowOnly.checked ? Number(threshold.value) : LOW_STOCK;
      body.replaceChildren(...page.items.map((product) => productRow(session, product, lowStockAt)));
      summary.textContent = pageSummary(page.items.length, cursors.length, lowOnly.checked, lowStockAt);
    } catch (error) {
      summary.textContent = error instanceof ApiError ? error.message : String(error);
      const aboutThreshold =
        error instanceof ApiError && error.problem.errors?.some((e) => e.path === 'max_quantity');
      if (aboutThreshold) thresholdError.show(error);
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

function pageSummary(count: number, page: number, lowOnly: boolean, lowStockAt: number): string {
  if (count === 0) {
    return lowOnly
      ? `No product has ${counted(lowStockAt, 'unit')} or fewer: stock is healthy.`
      : 'No products match: change the search or the stock filter, or import a catalog.';
  }
  const scope = lowOnly ? ` at ${counted(lowStockAt, 'unit')} or fewer, fewest first` : '';
  return `Page ${page}: ${counted(count, 'product')}${scope}. Rows at ${counted(lowStockAt, 'unit')} or fewer are marked low.`;
}
