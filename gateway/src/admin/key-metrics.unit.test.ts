import { describe, expect, it } from 'vitest';
import { keyMetricsOf } from './key-metrics.js';

const orderMetrics = `# HELP outbox_lag_seconds Age of the oldest unpublished outbox row, in seconds
# TYPE outbox_lag_seconds gauge
outbox_lag_seconds 1.5
# TYPE dead_letters gauge
dead_letters 2
# TYPE saga_duration_seconds histogram
saga_duration_seconds_bucket{le="0.1",outcome="executed"} 2
saga_duration_seconds_bucket{le="0.5",outcome="executed"} 8
saga_duration_seconds_bucket{le="+Inf",outcome="executed"} 8
saga_duration_seconds_sum{outcome="executed"} 1.6
saga_duration_seconds_count{outcome="executed"} 8
saga_duration_seconds_bucket{le="0.1",outcome="rejected"} 0
saga_duration_seconds_bucket{le="0.5",outcome="rejected"} 1
saga_duration_seconds_bucket{le="+Inf",outcome="rejected"} 2
saga_duration_seconds_sum{outcome="rejected"} 3.4
saga_duration_seconds_count{outcome="rejected"} 2
http_requests_total{route="/x \\"quoted\\" }"} 9
`;

describe('keyMetricsOf', () => {
  it('reads the gauges and sums the saga histogram over its outcomes, with quantiles as histogram_quantile gives them', () => {
    const metrics = keyMetricsOf('order', orderMetrics);

    expect(metrics).toMatchObject({ service: 'order', outbox_lag_seconds: 1.5, dead_letters: 2 });
    expect(metrics.saga_duration_seconds?.count).toBe(10);
    expect(metrics.saga_duration_seconds?.sum).toBeCloseTo(5);
    // rank 5 of 10: 2 below 0.1, 9 below 0.5 → 0.1 + 0.4 × 3/7
    expect(metrics.saga_duration_seconds?.p50).toBeCloseTo(0.1 + (0.4 * 3) / 7);
    // rank 9.5 falls in +Inf: the highest finite bound
    expect(metrics.saga_duration_seconds?.p95).toBe(0.5);
  });

  it('answers null for a family the service does not have, and no quantiles before any observation', () => {
    const analytics = keyMetricsOf('analytics', 'dead_letters 0\nmessages_handled_total 3\n');
    const idle = keyMetricsOf(
      'order',
      'saga_duration_seconds_bucket{le="+Inf"} 0\nsaga_duration_seconds_sum 0\nsaga_duration_seconds_count 0\n',
    );

    expect(analytics).toEqual({ service: 'analytics', outbox_lag_seconds: null, dead_letters: 0 });
    expect(idle.saga_duration_seconds).toEqual({ count: 0, sum: 0 });
  });
});
