import { ApiError } from '../api.js';
import { field, h, latestOnly } from '../dom.js';
import type { Session } from '../session.js';
import { type Category, categoryRow } from './category-row.js';
import { fieldError } from './field-error.js';

interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

const PAGE_SIZE = '50';

/** The categories by name with their product counts: added, renamed and deleted (with their products). */
export function categoriesView(session: Session): HTMLElement {
  const name = h('input', { type: 'text', required: true, autocomplete: 'off' });
  const nameError = fieldError(name, 'error-new-category');
  const addForm = h(
    'form',
    { class: 'filters', 'aria-label': 'Add a category' },
    h('div', { class: 'field' }, ...field('New category', name).childNodes, nameError.element),
    h('button', { type: 'submit' }, 'Add category'),
  );
  const status = h('p', { role: 'status' });
  const body = h('tbody');
  const previous = h('button', { type: 'button' }, 'Previous page');
  const next = h('button', { type: 'button' }, 'Next page');
  const cursors: (string | undefined)[] = [undefined];
  let nextCursor: string | null = null;
  const beginLoad = latestOnly();

  async function load(): Promise<void> {
    const isLatest = beginLoad();
    const query = new URLSearchParams({ limit: PAGE_SIZE });
    const cursor = cursors.at(-1);
    if (cursor) query.set('cursor', cursor);
    try {
      const page = await session.call<Page<Category>>(`/categories?${query}`);
      if (!isLatest()) return;
      nextCursor = page.next_cursor;
      body.replaceChildren(...page.items.map((category) => categoryRow(session, category, changed)));
      if (page.items.length === 0) status.textContent = 'No categories yet: add one, or import a catalog.';
    } catch (error) {
      status.textContent = error instanceof ApiError ? error.message : String(error);
    }
    previous.disabled = cursors.length === 1;
    next.disabled = nextCursor === null;
  }

  function changed(message: string): void {
    status.textContent = message;
    void load();
  }

  addForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    nameError.clear();
    try {
      const added = await session.call<Category>('/categories/add', {
        method: 'POST',
        body: { name: name.value },
      });
      name.value = '';
      changed(`Added ${added.name}.`);
    } catch (error) {
      nameError.show(error);
    }
  });
  next.addEventListener('click', () => {
    if (nextCursor) cursors.push(nextCursor);
    void load();
  });
  previous.addEventListener('click', () => {
    cursors.pop();
    void load();
  });
  void load();
  const headers = ['Category', 'Products', 'Rename', 'Delete'];
  return h(
    'section',
    { 'aria-labelledby': 'page-title' },
    h('h1', { id: 'page-title' }, 'Categories'),
    addForm,
    status,
    h(
      'div',
      { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Categories' },
      h(
        'table',
        {},
        h('caption', {}, 'Categories by name'),
        h('thead', {}, h('tr', {}, ...headers.map((header) => h('th', { scope: 'col' }, header)))),
        body,
      ),
    ),
    h('div', { class: 'pager' }, previous, next),
  );
}
