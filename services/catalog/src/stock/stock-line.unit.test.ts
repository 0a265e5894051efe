import { describe, expect, it } from 'vitest';
import { mergeLines } from './stock-line.js';

describe('mergeLines (the lines catalog locks and takes)', () => {
  it('one line per product with the quantities summed, in product-id order (the order rows are locked in)', () => {
    expect(
      mergeLines([
        { product_id: 12, quantity: 2 },
        { product_id: 3, quantity: 1 },
        { product_id: 12, quantity: 5 },
      ]),
    ).toEqual([
      { productId: 3, quantity: 1 },
      { productId: 12, quantity: 7 },
    ]);
  });

  it('sorts ids as numbers, so two orders lock shared products in the same order', () => {
    const one = mergeLines([
      { product_id: 100, quantity: 1 },
      { product_id: 20, quantity: 1 },
    ]);
    const other = mergeLines([
      { product_id: 20, quantity: 1 },
      { product_id: 100, quantity: 1 },
    ]);

    expect(one.map((line) => line.productId)).toEqual([20, 100]);
    expect(other).toEqual(one);
  });

  it('no lines are none', () => {
    expect(mergeLines([])).toEqual([]);
  });
});
