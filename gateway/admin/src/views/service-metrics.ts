import { h } from '../dom.js';

/** One service's numbers as GET /admin/metrics answers them. */
export interface ServiceMetrics {
  service: string;
  outbox_lag_seconds: number | null;
  dead_letters: number | null;
  saga_duration_seconds?: { count: number; sum: number; p50?: number; p95?: number };
}

/** What GET /admin/metrics answers. */
export interface AdminMetrics {
  services: ServiceMetrics[];
  unavailable: string[];
}

const SERVICES = ['auth', 'catalog', 'order', 'analytics'];

/** A table of each service's readiness beside its outbox lag, dead letters and saga duration. */
export function serviceMetricsTable(checks: Record<string, boolean>, metrics: AdminMetrics): HTMLElement {
  const byService = new Map(metrics.services.map((service) => [service.service, service]));
  const names = [...new Set([...SERVICES.filter((name) => name in checks), ...byService.keys()])];
  const headers = ['Service', 'Readiness', 'Outbox lag', 'Dead letters', 'Saga duration'];
  const rows = names.map((name) => {
    const numbers = byService.get(name);
    const readiness = name in checks ? (checks[name] ? 'ready' : 'not ready') : 'unknown';
    const cells = numbers
      ? [lag(numbers.outbox_lag_seconds), count(numbers.dead_letters), saga(numbers.saga_duration_seconds)]
      : ['metrics unavailable', '', ''];
    return h(
      'tr',
      {},
      h('th', { scope: 'row' }, name),
      h('td', {}, readiness),
      ...cells.map((cell) => h('td', { class: 'number' }, cell)),
    );
  });
  return h(
    'div',
    { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Key metrics' },
    h(
      'table',
      {},
      h('caption', {}, 'Key metrics by service'),
      h('thead', {}, h('tr', {}, ...headers.map((header) => h('th', { scope: 'col' }, header)))),
      h('tbody', {}, ...rows),
    ),
  );
}

function seconds(value: number): string {
  return value < 1 ? `${Math.round(value * 1000)} ms` : `${value.toFixed(1)} s`;
}

function lag(value: number | null): string {
  return value === null ? 'no outbox' : seconds(value);
}

function count(value: number | null): string {
  return value === null ? 'consumes no events' : String(value);
}

function saga(duration: ServiceMetrics['saga_duration_seconds']): string {
  if (!duration) return '';
  if (duration.count === 0 || duration.p50 === undefined || duration.p95 === undefined)
    return 'no executions yet';
  const executions = duration.count === 1 ? '1 execution' : `${duration.count} executions`;
  return `p50 ${seconds(duration.p50)}, p95 ${seconds(duration.p95)} (${executions})`;
}
