import { ApiError } from '../api.js';
import { field, h, latestOnly, money } from '../dom.js';
import type { Session } from '../session.js';
import { type SalesPoint, salesChart } from './sales-chart.js';
import { dataTable } from './tables.js';

interface Profit {
  number_of_executed_orders: number;
  total_revenue: number;
  total_cost: number;
  total_profit: number;
}
interface Page<T> {
  items: T[];
  next_cursor: string | null;
}
type Bucket = Omit<SalesPoint, 'cost'>;
interface ProductSales {
  product_name: string;
  total_quantity_sold: number;
  sales_percentage: number;
}
interface CategorySales {
  category_name: string;
  total_category_quantity: number;
}

/** At most this many buckets are drawn (500 per page): ten years of weeks. */
const MAX_BUCKET_PAGES = 2;

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** Revenue, cost and profit over a period as a chart with its numbers, the totals, categories and top products. */
export function dashboardView(session: Session): HTMLElement {
  const today = new Date();
  const from = h('input', { type: 'date', value: isoDay(new Date(today.getTime() - 29 * 86_400_000)) });
  const to = h('input', { type: 'date', value: isoDay(today) });
  const interval = h(
    'select',
    {},
    ...['day', 'week', 'month'].map((name) => h('option', { value: name }, name)),
  );
  const results = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'filters' },
    field('From', from),
    field('To', to),
    field('Interval', interval),
    h('button', { type: 'submit' }, 'Show'),
  );
  const beginLoad = latestOnly();
  async function show(): Promise<void> {
    const isLatest = beginLoad();
    results.replaceChildren(h('p', {}, 'Loading…'));
    const period = new URLSearchParams({ from: from.value, to: to.value });
    try {
      const [profit, buckets, categories, products] = await Promise.all([
        session.call<Profit>(`/statistics/profit?${period}`),
        allBuckets(session, new URLSearchParams({ ...Object.fromEntries(period), interval: interval.value })),
        session.call<Page<CategorySales>>(`/statistics/category-product-sales?${period}&limit=10`),
        session.call<Page<ProductSales>>(`/statistics/product-sales?${period}&limit=10`),
      ]);
      if (isLatest())
        results.replaceChildren(...report(profit, buckets, categories.items, products.items, period));
    } catch (error) {
      const message = error instanceof ApiError ? error.message : String(error);
      if (isLatest()) results.replaceChildren(h('p', { role: 'alert', class: 'notice' }, message));
    }
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void show();
  });
  void show();
  return h(
    'section',
    { 'aria-labelledby': 'page-title' },
    h('h1', { id: 'page-title' }, 'Dashboard'),
    form,
    results,
  );
}

async function allBuckets(session: Session, query: URLSearchParams): Promise<SalesPoint[]> {
  const buckets: Bucket[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_BUCKET_PAGES; page++) {
    const paged = new URLSearchParams(query);
    paged.set('limit', '500');
    if (cursor) paged.set('cursor', cursor);
    const answer: Page<Bucket> = await session.call(`/statistics/sales-over-time?${paged}`);
    buckets.push(...answer.items);
    cursor = answer.next_cursor;
    if (!cursor) break;
  }
  return buckets.map((bucket) => ({ ...bucket, cost: bucket.revenue - bucket.profit }));
}

function report(
  profit: Profit,
  buckets: SalesPoint[],
  categories: CategorySales[],
  products: ProductSales[],
  period: URLSearchParams,
): HTMLElement[] {
  const totals = h(
    'dl',
    { class: 'totals' },
    ...[
      ['Orders executed', String(profit.number_of_executed_orders)],
      ['Revenue', money(profit.total_revenue)],
      ['Cost', money(profit.total_cost)],
      ['Profit', money(profit.total_profit)],
    ].map(([term, value]) => h('div', {}, h('dt', {}, term ?? ''), h('dd', {}, value ?? ''))),
  );
  if (profit.number_of_executed_orders === 0) {
    const empty = h(
      'p',
      { class: 'empty' },
      `No executed orders from ${period.get('from')} to ${period.get('to')}. A sale shows here about a second ` +
        'after its order is executed: widen the dates, or execute an order.',
    );
    return [totals, empty];
  }
  return [
    totals,
    h('h2', {}, 'Revenue, cost and profit'),
    salesChart(buckets, { from: period.get('from') ?? '', to: period.get('to') ?? '' }),
    dataTable(
      'Per period (UTC)',
      ['Period start', 'Orders', 'Revenue', 'Cost', 'Profit'],
      buckets.map((b) => [b.start, String(b.orders), money(b.revenue), money(b.cost), money(b.profit)]),
    ),
    h('h2', {}, 'Categories and top products'),
    dataTable(
      'Units sold per category',
      ['Category', 'Units'],
      categories.map((category) => [category.category_name, String(category.total_category_quantity)]),
    ),
    dataTable(
      'Top products',
      ['Product', 'Units', 'Share of units'],
      products.map((p) => [p.product_name, String(p.total_quantity_sold), `${p.sales_percentage} %`]),
    ),
  ];
}
