/** Executed orders and money of a period; profit = revenue − cost. */
export interface Profit {
  orders: number;
  revenue: number;
  cost: number;
  profit: number;
}

/** Units of one product sold, and their share (percent, 2 decimals) of the units compared with. */
export interface ProductSales {
  productId: number;
  productName: string;
  quantity: number;
  percentage: number;
}

/**
 * Units sold in one category, and per product within it: its most sold products only, `moreProducts`
 * telling where the rest start (null when they are all there).
 */
export interface CategoryProductSales {
  categoryId: number;
  categoryName: string;
  quantity: number;
  products: ProductSales[];
  moreProducts: SalesRank | null;
}

/** A place in a list ordered by units sold, most first, then by id: the last item's units and id. */
export interface SalesRank {
  quantity: number;
  id: number;
}

/** Where a product stands in a list by units sold. */
export function productRank(sales: ProductSales): SalesRank {
  return { quantity: sales.quantity, id: sales.productId };
}

export const salesIntervals = ['day', 'week', 'month'] as const;

/** The width of the buckets of sales over time (UTC; weeks start on Monday). */
export type SalesInterval = (typeof salesIntervals)[number];

/** One bucket of sales over time; `start` is its first UTC day (YYYY-MM-DD). */
export interface SalesBucket {
  start: string;
  orders: number;
  quantity: number;
  revenue: number;
  profit: number;
}

/** A place in sales over time: the start (YYYY-MM-DD) of the last bucket seen. */
export interface BucketStart {
  start: string;
}
