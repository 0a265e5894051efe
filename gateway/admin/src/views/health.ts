import { h } from '../dom.js';
import type { Session } from '../session.js';

interface Readiness {
  status: string;
  checks: Record<string, boolean>;
}

/** The gateway's readiness, which asks every service's own /readyz, check by check. */
export function healthView(_session: Session): HTMLElement {
  const result = h('div', { 'aria-live': 'polite' });
  const reload = h('button', { type: 'button' }, 'Check again');
  async function load(): Promise<void> {
    // 503 when not ready: its body still names each check.
    const readiness = (await (await fetch('/readyz')).json()) as Readiness;
    result.replaceChildren(
      h('p', { class: 'overall' }, `The shop is ${readiness.status}.`),
      h(
        'ul',
        { class: 'checks' },
        ...Object.entries(readiness.checks).map(([name, ok]) =>
          h('li', { class: ok ? 'ok' : 'failing' }, `${name}: ${ok ? 'ready' : 'not ready'}`),
        ),
      ),
    );
  }
  reload.addEventListener('click', () => void load().catch((error) => result.replaceChildren(String(error))));
  void load().catch((error) => result.replaceChildren(String(error)));
  return h(
    'section',
    { 'aria-labelledby': 'page-title' },
    h('h1', { id: 'page-title' }, 'Health'),
    reload,
    result,
  );
}
