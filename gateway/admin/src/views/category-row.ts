import { counted, h } from '../dom.js';
import type { Session } from '../session.js';
import { fieldError } from './field-error.js';

/** A category as GET /categories answers it. */
export interface Category {
  id: number;
  name: string;
  product_count: number;
}

/** One category's row: renamed in place (the API's complaint on the field) or deleted after a confirmation. */
export function categoryRow(session: Session, category: Category, onChanged: (message: string) => void) {
  const newName = h('input', {
    type: 'text',
    value: category.name,
    'aria-label': `New name of ${category.name}`,
    class: 'edit-name',
  });
  const error = fieldError(newName, `error-category-${category.id}`);
  const rename = h('button', { type: 'button', 'aria-label': `Rename ${category.name}` }, 'Rename');
  const remove = h(
    'button',
    { type: 'button', class: 'danger', 'aria-label': `Delete ${category.name}` },
    'Delete',
  );

  async function renameCategory(): Promise<void> {
    error.clear();
    try {
      await session.call('/categories/update', {
        method: 'PUT',
        body: { old_category_name: category.name, new_category_name: newName.value },
      });
      onChanged(`Renamed ${category.name} to ${newName.value.trim()}.`);
    } catch (refusal) {
      error.show(refusal);
    }
  }

  async function deleteCategory(): Promise<void> {
    const products = counted(category.product_count, 'product');
    if (!window.confirm(`Delete the category ${category.name} and its ${products}? They are removed too.`))
      return;
    error.clear();
    try {
      const deleted = await session.call<{ removed_products: number }>('/categories/delete', {
        method: 'DELETE',
        body: { category_to_delete: category.name },
      });
      onChanged(`Deleted ${category.name} and its ${counted(deleted.removed_products, 'product')}.`);
    } catch (refusal) {
      error.show(refusal);
    }
  }

  rename.addEventListener('click', () => void renameCategory());
  newName.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') void renameCategory();
  });
  remove.addEventListener('click', () => void deleteCategory());
  return h(
    'tr',
    {},
    h('th', { scope: 'row' }, category.name),
    h('td', { class: 'number' }, String(category.product_count)),
    h('td', {}, newName, ' ', rename, error.element),
    h('td', {}, remove),
  );
}
