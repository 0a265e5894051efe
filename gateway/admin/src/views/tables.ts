import { h } from '../dom.js';

/** A table with a caption and column headers: the first `textColumns` hold text, the others numbers. */
export function dataTable(
  caption: string,
  headers: string[],
  rows: string[][],
  textColumns = 1,
): HTMLElement {
  const cell = (value: string, column: number) =>
    h('td', column >= textColumns ? { class: 'number' } : {}, value);
  return h(
    'div',
    // Scrolls sideways on a narrow screen: focusable and named, so a keyboard can scroll it too.
    { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': caption },
    h(
      'table',
      {},
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, ...headers.map((header) => h('th', { scope: 'col' }, header)))),
      h('tbody', {}, ...rows.map((row) => h('tr', {}, ...row.map(cell)))),
    ),
  );
}
