import { describe, expect, it } from 'vitest';
import { canRead, mergeLines } from './order.js';

describe('mergeLines', () => {
  it('sums the quantities of lines of the same product, in product-id order', () => {
    expect(
      mergeLines([
        { product_id: 9, quantity: 1 },
        { product_id: 2, quantity: 3 },
        { product_id: 9, quantity: 4 },
        { product_id: 5, quantity: 1 },
      ]),
    ).toEqual([
      { product_id: 2, quantity: 3 },
      { product_id: 5, quantity: 1 },
      { product_id: 9, quantity: 5 },
    ]);
  });

  it('sorts ids as numbers, not as text', () => {
    expect(
      mergeLines([
        { product_id: 10, quantity: 1 },
        { product_id: 9, quantity: 1 },
      ]).map((line) => line.product_id),
    ).toEqual([9, 10]);
  });

  it('leaves no lines as none, and does not change its input', () => {
    const lines = [
      { product_id: 3, quantity: 1 },
      { product_id: 3, quantity: 2 },
    ];

    expect(mergeLines([])).toEqual([]);
    expect(mergeLines(lines)).toEqual([{ product_id: 3, quantity: 3 }]);
    expect(lines).toEqual([
      { product_id: 3, quantity: 1 },
      { product_id: 3, quantity: 2 },
    ]);
  });
});

describe('canRead', () => {
  it('its owner and an admin read an order; another customer does not', () => {
    const order = { userId: 7 };

    expect(canRead(order, { userId: 7, isAdmin: false })).toBe(true);
    expect(canRead(order, { userId: 1, isAdmin: true })).toBe(true);
    expect(canRead(order, { userId: 8, isAdmin: false })).toBe(false);
  });
});
