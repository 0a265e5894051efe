import type { EventData } from '@shop/contracts';
import type { Causation, NewEvent } from '@shop/messaging';
import { NotFoundError } from '@shop/platform';

/** A product as the catalog keeps it; money as numbers with at most 2 decimals. */
export interface Product {
  id: number;
  name: string;
  categoryId: number;
  categoryName: string;
  price: number;
  cost: number;
  quantity: number;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
  /** Bumped in the database by each change of the row; events carry it so replicas apply them in order. */
  version: number;
  /** The version of the category row its name was read from; absent where a writer did not read it. */
  categoryVersion?: number | undefined;
}

/** The orders a product list can be sorted in; `-` means descending. */
export const productSorts = ['name', 'price', '-price', 'created_at', 'quantity'] as const;
export type ProductSort = (typeof productSorts)[number];

/** The product.upserted event carrying a product's whole current state. */
export function productUpserted(product: Product, causation: Causation): NewEvent<'product.upserted'> {
  return { type: 'product.upserted', data: upsertedProduct(product), ...causation };
}

// Well below the contract's bound: a consumer's prefetch counts messages, so this bounds its memory too.
const PRODUCTS_PER_EVENT = 100;

/** The products.upserted events carrying many products' whole current states, a bounded number each. */
export function productsUpserted(products: Product[], causation: Causation): NewEvent<'products.upserted'>[] {
  const events: NewEvent<'products.upserted'>[] = [];
  for (let start = 0; start < products.length; start += PRODUCTS_PER_EVENT) {
    const part = products.slice(start, start + PRODUCTS_PER_EVENT);
    events.push({ type: 'products.upserted', data: { products: part.map(upsertedProduct) }, ...causation });
  }
  return events;
}

function upsertedProduct(product: Product): EventData<'product.upserted'> {
  return {
    product_id: product.id,
    name: product.name,
    price: product.price,
    cost: product.cost,
    category_id: product.categoryId,
    category_name: product.categoryName,
    active: product.active,
    version: product.version,
    ...(product.categoryVersion ? { category_version: product.categoryVersion } : {}),
  };
}

/** The product.deleted event of a removed product, with the version its removal got. */
export function productDeleted(
  removal: { id: number; version: number },
  causation: Causation,
): NewEvent<'product.deleted'> {
  return {
    type: 'product.deleted',
    data: { product_id: removal.id, version: removal.version },
    ...causation,
  };
}

/** The 404 of a product that does not exist or was removed. */
export function productNotFound(id: number): NotFoundError {
  return new NotFoundError(`Product ${id} does not exist`);
}
