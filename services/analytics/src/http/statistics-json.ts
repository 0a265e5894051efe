import type { CategoryProductSales, ProductSales, Profit } from '../statistics/statistics.js';

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

/** One category with its products in /statistics/category-product-sales. */
export function categorySalesJson(category: CategoryProductSales) {
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
  };
}
