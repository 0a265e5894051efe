type Child = Node | string | null | undefined | false;

/** Creates an element with attributes (set as attributes, never as HTML) and children (text stays text). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | boolean> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) element.setAttribute(name, '');
    else if (value !== false) element.setAttribute(name, value);
  }
  element.append(...children.filter((child): child is Node | string => Boolean(child)));
  return element;
}

/** A labelled form field: the label names the input for assistive technology. */
export function field(label: string, input: HTMLInputElement | HTMLSelectElement): HTMLElement {
  input.id ||= `field-${label.toLowerCase().replaceAll(/\W+/g, '-')}`;
  return h('div', { class: 'field' }, h('label', { for: input.id }, label), input);
}

/** Money as the shop shows it: two decimals, grouped. */
export function money(amount: number): string {
  return amount.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** Tells whether a load is still the latest one, so an answer arriving after a newer request's is dropped. */
export function latestOnly(): () => () => boolean {
  let latest = 0;
  return function begin() {
    const mine = ++latest;
    return () => mine === latest;
  };
}

/** A count with its noun, singular for one: "1 product", "3 products". */
export function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
