import { NotFoundError } from '@shop/platform';

/** A live category. */
export interface Category {
  id: number;
  name: string;
}

/** A category with the number of its active products, as lists show it. */
export interface CategorySummary extends Category {
  productCount: number;
}

/** The 404 of a category that does not exist or was deleted. */
export function categoryNotFound(name: string): NotFoundError {
  return new NotFoundError(`Category "${name}" does not exist`);
}
