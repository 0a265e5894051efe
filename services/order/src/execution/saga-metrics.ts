import { Histogram, type Registry } from '@shop/platform';

/** The saga as the client waits for it: from execute to executed or rejected (202s not counted). */
export function sagaDurationHistogram(registry: Registry): Histogram<'outcome'> {
  return new Histogram({
    name: 'saga_duration_seconds',
    help: 'Order execution saga, from the execute request to its outcome (executed, rejected, cancelled)',
    labelNames: ['outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
}
