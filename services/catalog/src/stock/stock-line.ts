/** Units of one product asked for by an order. */
export interface StockLine {
  productId: number;
  quantity: number;
}

/** Merges lines of the same product and sorts them by product id, the order rows are locked in. */
export function mergeLines(items: { product_id: number; quantity: number }[]): StockLine[] {
  const merged = new Map<number, number>();
  for (const { product_id, quantity } of items)
    merged.set(product_id, (merged.get(product_id) ?? 0) + quantity);
  return [...merged]
    .map(([productId, quantity]) => ({ productId, quantity }))
    .sort((a, b) => a.productId - b.productId);
}
