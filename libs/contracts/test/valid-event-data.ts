import type { EventData, EventType } from '../src/index.js';

/** One valid data object per event type; typed, so a contract change that breaks it fails to compile. */
export const validEventData: { [T in EventType]: EventData<T> } = {
  'user.deleted': { user_id: 7 },
  'session.revoked': {
    session_id: '0b8f3a52-3c1e-4d7a-9a43-5f0e2b7c9d11',
    user_id: 7,
    expires_at: '2030-01-01T12:00:00Z',
  },
  'product.upserted': {
    product_id: 3,
    name: 'Laptop',
    price: 1299.99,
    cost: 900.5,
    category_id: 2,
    category_name: 'Electronics',
    active: true,
    version: 4,
    category_version: 2,
  },
  'products.upserted': {
    products: [
      {
        product_id: 3,
        name: 'Laptop',
        price: 1299.99,
        cost: 900.5,
        category_id: 2,
        category_name: 'Electronics',
        active: true,
        version: 4,
        category_version: 2,
      },
      {
        product_id: 4,
        name: 'Mouse',
        price: 19.5,
        cost: 7,
        category_id: 2,
        category_name: 'Electronics',
        active: true,
      },
    ],
  },
  'product.deleted': { product_id: 3, version: 5 },
  'category.renamed': { category_id: 2, name: 'Computers', version: 3 },
  'catalog.resync-requested': { requested_by: 'analytics' },
  'order.execution-requested': {
    order_id: 11,
    user_id: 7,
    attempt: 1,
    items: [{ product_id: 3, quantity: 2 }],
  },
  'stock.reserved': { order_id: 11, attempt: 1, items: [{ product_id: 3, quantity: 2, unit_cost: 900.5 }] },
  'stock.rejected': {
    order_id: 11,
    attempt: 1,
    shortages: [{ product_id: 3, requested: 2, available: 1, reason: 'insufficient_stock' }],
  },
  'order.execution-abandoned': { order_id: 11, attempt: 1 },
  'order.executed': {
    order_id: 11,
    user_id: 7,
    country_code: 'FR',
    executed_at: '2030-01-01T12:00:00.123+02:00',
    items: [
      {
        product_id: 3,
        product_name: 'Laptop',
        category_id: 2,
        category_name: 'Electronics',
        quantity: 2,
        unit_price: 1299.99,
        unit_cost: 900.5,
      },
    ],
    total: 2599.98,
  },
  'order.cancelled': { order_id: 11, was_executed: true, items: [{ product_id: 3, quantity: 2 }] },
  'stock.released': { order_id: 11 },
};
