import { ApiError } from '../api.js';
import { h } from '../dom.js';
import type { Session } from '../session.js';
import { type AdminMetrics, serviceMetricsTable } from './service-metrics.js';

interface Readiness {
  status: string;
  checks: Record<string, boolean>;
}

/**
 * The gateway's readiness, which asks every service's own /readyz, check by check, and beside each
 * service its key metrics (GET /admin/metrics): outbox lag, dead letters, saga duration.
 */
export function healthView(session: Session): HTMLElement {
  const result = h('div', { 'aria-live': 'polite' });
  const reload = h('button', { type: 'button' }, 'Check again');
  async function load(): Promise<void> {
    const [readiness, metrics] = await Promise.all([
      // 503 when not ready: its body still names each check.
      fetch('/readyz').then((response) => response.json() as Promise<Readiness>),
      session.call<AdminMetrics>('/admin/metrics').catch((error: unknown) => error),
    ]);
    result.replaceChildren(
      h('p', { class: 'overall' }, `The shop is ${readiness.status}.`),
      h(
        'ul',
        { class: 'checks' },
        ...Object.entries(readiness.checks).map(([name, ok]) =>
          h('li', { class: ok ? 'ok' : 'failing' }, `${name}: ${ok ? 'ready' : 'not ready'}`),
        ),
      ),
      metricsPart(readiness, metrics),
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

function metricsPart(readiness: Readiness, metrics: AdminMetrics | unknown): HTMLElement {
  if (metrics instanceof ApiError || metrics instanceof Error) {
    return h('p', { role: 'alert', class: 'notice' }, `The metrics could not be read: ${metrics.message}`);
  }
  return serviceMetricsTable(readiness.checks, metrics as AdminMetrics);
}
