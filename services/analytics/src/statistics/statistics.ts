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

/** Units sold in one category, and per product within it. */
export interface CategoryProductSales {
  categoryId: number;
  categoryName: string;
  quantity: number;
  products: ProductSales[];
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
