import type { Page } from '../statistics/page.js';
import type { Period } from '../statistics/period.js';
import type {
  BucketStart,
  CategoryProductSales,
  ProductSales,
  Profit,
  SalesBucket,
  SalesInterval,
  SalesRank,
} from '../statistics/statistics.js';
import {
  categorySalesCursor,
  periodBinding,
  productSalesCursor,
  salesOverTimeCursor,
} from './statistics-cursors.js';

/** The profit totals as clients see them. */
export function profitJson(profit: Profit) {
  return {
    number_of_executed_orders: profit.orders,
    total_revenue: profit.revenue,
    total_cost: profit.cost,
    total_profit: profit.profit,
  };
}

/** One product's sales in /statistics/product-sales. */
export function productSalesJson(sales: ProductSales) {
  return {
    product_id: sales.productId,
    product_name: sales.productName,
    total_quantity_sold: sales.quantity,
    sales_percentage: sales.percentage,
  };
}

/** A page of /statistics/product-sales; its cursor is bound to the period and category. */
export function productSalesPageJson(
  page: Page<ProductSales, SalesRank>,
  period: Period,
  categoryId: number | undefined,
) {
  const binding = periodBinding(period, { category_id: categoryId });
  return {
    items: page.items.map(productSalesJson),
    next_cursor: page.next && productSalesCursor.encode(page.next, binding),
  };
}

/** One category with its first products in /statistics/category-product-sales. */
export function categorySalesJson(category: CategoryProductSales, period: Period) {
  const rest = periodBinding(period, { category_id: category.categoryId });
  return {
    category_id: category.categoryId,
    category_name: category.categoryName,
    total_category_quantity: category.quantity,
    products: category.products.map((product) => ({
      product_id: product.productId,
      product_name: product.productName,
      quantity_sold: product.quantity,
      sales_percentage_within_category: product.percentage,
    })),
    products_next_cursor: category.moreProducts && productSalesCursor.encode(category.moreProducts, rest),
  };
}

/** A page of /statistics/category-product-sales; its cursor is bound to the period. */
export function categorySalesPageJson(page: Page<CategoryProductSales, SalesRank>, period: Period) {
  return {
    items: page.items.map((category) => categorySalesJson(category, period)),
    next_cursor: page.next && categorySalesCursor.encode(page.next, periodBinding(period)),
  };
}

/** A page of /statistics/sales-over-time; its cursor is bound to the period and interval. */
export function salesOverTimePageJson(
  page: Page<SalesBucket, BucketStart>,
  period: Period,
  interval: SalesInterval,
) {
  return {
    interval,
    items: page.items,
    next_cursor: page.next && salesOverTimeCursor.encode(page.next, periodBinding(period, { interval })),
  };
}
