import { ApiError } from '../api.js';
import { h, money } from '../dom.js';
import type { Session } from '../session.js';

/** A product as GET /products answers an admin. */
export interface Product {
  id: number;
  name: string;
  category: string;
  price: number;
  quantity: number;
  cost?: number;
}

/** At or below this many units a product is flagged as low on stock, unless the low-stock view says otherwise. */
export const LOW_STOCK = 5;

/** An input editing one field of a product in place, with the API's complaint about it shown beside. */
function editableCell(product: Product, field: 'price' | 'quantity', label: string) {
  const input = h('input', {
    type: 'number',
    step: field === 'price' ? '0.01' : '1',
    value: String(product[field]),
    'aria-label': `${label} of ${product.name}`,
    'aria-describedby': `error-${field}-${product.id}`,
    inputmode: field === 'price' ? 'decimal' : 'numeric',
    class: 'edit',
  });
  const error = h('span', { id: `error-${field}-${product.id}`, class: 'field-error' });
  return { input, error, cell: h('td', { class: 'number' }, input, error) };
}

/** One product's row: price and stock edited in place and saved through PUT /products/update. */
export function productRow(session: Session, product: Product, lowStockAt = LOW_STOCK): HTMLTableRowElement {
  const price = editableCell(product, 'price', 'Price');
  const quantity = editableCell(product, 'quantity', 'Stock');
  const status = h('span', { role: 'status', class: 'row-status' });
  const save = h('button', { type: 'button', 'aria-label': `Save ${product.name}` }, 'Save');
  const fields = { price, quantity };
  const lowStock = h('span', { class: 'badge' }, 'low stock');
  const markStock = () => {
    lowStock.hidden = product.quantity > lowStockAt;
  };
  markStock();

  async function saveChanges(): Promise<void> {
    const changes: Record<string, number> = {};
    for (const [name, { input, error }] of Object.entries(fields)) {
      error.textContent = '';
      input.removeAttribute('aria-invalid');
      if (input.value !== String(product[name as keyof typeof fields])) changes[name] = Number(input.value);
    }
    if (Object.keys(changes).length === 0) {
      status.textContent = 'Nothing changed';
      return;
    }
    status.textContent = 'Saving…';
    try {
      Object.assign(
        product,
        await session.call<Product>('/products/update', {
          method: 'PUT',
          body: { id: product.id, ...changes },
        }),
      );
      status.textContent = 'Saved';
      markStock();
    } catch (failure) {
      status.textContent = failure instanceof ApiError ? failure.problem.title : String(failure);
      showFieldErrors(failure);
    }
  }

  function showFieldErrors(failure: unknown): void {
    if (!(failure instanceof ApiError)) return;
    for (const { path, message } of failure.problem.errors ?? []) {
      const target = fields[path as keyof typeof fields];
      if (!target) continue;
      target.error.textContent = target.error.textContent
        ? `${target.error.textContent}; ${message}`
        : message;
      target.input.setAttribute('aria-invalid', 'true');
    }
  }

  save.addEventListener('click', () => void saveChanges());
  for (const { input } of Object.values(fields)) {
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') void saveChanges();
    });
  }
  return h(
    'tr',
    {},
    h('th', { scope: 'row' }, product.name, ' ', lowStock),
    h('td', {}, product.category),
    price.cell,
    quantity.cell,
    h('td', { class: 'number' }, product.cost === undefined ? '' : money(product.cost)),
    h('td', {}, save, status),
  );
}
