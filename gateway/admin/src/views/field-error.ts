import { ApiError } from '../api.js';
import { h } from '../dom.js';

/** An input's error line, tied to it by aria-describedby and aria-invalid while it holds a complaint. */
export interface FieldError {
  element: HTMLElement;
  show(error: unknown): void;
  clear(): void;
}

/**
 * The error line of `input`: an API refusal shows its field messages (or, with none, its detail) there,
 * so the complaint sits on the field it is about.
 */
export function fieldError(input: HTMLInputElement, id: string): FieldError {
  const element = h('span', { id, class: 'field-error' });
  input.setAttribute('aria-describedby', id);
  return {
    element,
    show(error) {
      element.textContent = complaintOf(error);
      input.setAttribute('aria-invalid', 'true');
    },
    clear() {
      element.textContent = '';
      input.removeAttribute('aria-invalid');
    },
  };
}

function complaintOf(error: unknown): string {
  if (!(error instanceof ApiError)) return String(error);
  const messages = (error.problem.errors ?? []).map((issue) => issue.message);
  return messages.length > 0 ? messages.join('; ') : error.message;
}
