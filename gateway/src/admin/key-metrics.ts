import { type Sample, samplesOf } from './prometheus-text.js';

/** The saga's duration histogram summed over its outcomes; quantiles once it has observations. */
export interface DurationSummary {
  count: number;
  sum: number;
  p50?: number;
  p95?: number;
}

/** The numbers the console's health page shows for one service (null: the service has no such metric). */
export interface KeyMetrics {
  service: string;
  outbox_lag_seconds: number | null;
  dead_letters: number | null;
  saga_duration_seconds?: DurationSummary;
}

const FAMILIES = ['outbox_lag_seconds', 'dead_letters', 'saga_duration_seconds'] as const;

/** The key metrics of one service, read from its /metrics text. */
export function keyMetricsOf(service: string, metricsText: string): KeyMetrics {
  const samples = samplesOf(metricsText, FAMILIES);
  const saga = durationSummary(samples.filter((sample) => sample.name.startsWith('saga_duration_seconds_')));
  return {
    service,
    outbox_lag_seconds: total(samples, 'outbox_lag_seconds'),
    dead_letters: total(samples, 'dead_letters'),
    ...(saga && { saga_duration_seconds: saga }),
  };
}

function total(samples: Sample[], name: string): number | null {
  const values = samples.filter((sample) => sample.name === name).map((sample) => sample.value);
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0);
}

function durationSummary(samples: Sample[]): DurationSummary | undefined {
  const count = total(samples, 'saga_duration_seconds_count');
  if (count === null) return undefined;
  const sum = total(samples, 'saga_duration_seconds_sum') ?? 0;
  const buckets = cumulativeBuckets(
    samples.filter((sample) => sample.name === 'saga_duration_seconds_bucket'),
  );
  if (count === 0 || buckets.length === 0) return { count, sum };
  return { count, sum, p50: quantile(0.5, buckets), p95: quantile(0.95, buckets) };
}

/** Bucket bounds (ascending) with their cumulative counts, summed over every label but `le`. */
function cumulativeBuckets(samples: Sample[]): Array<{ le: number; count: number }> {
  const byBound = new Map<number, number>();
  for (const sample of samples) {
    const le = Number(sample.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : sample.labels.le);
    if (!Number.isNaN(le)) byBound.set(le, (byBound.get(le) ?? 0) + sample.value);
  }
  return [...byBound].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le);
}

/**
 * The q-quantile estimated as Prometheus' histogram_quantile does: linear within the bucket it falls
 * in; in the +Inf bucket, the highest finite bound.
 */
function quantile(q: number, buckets: Array<{ le: number; count: number }>): number {
  const observations = buckets.at(-1)?.count ?? 0;
  const rank = q * observations;
  let lower = { le: 0, count: 0 };
  for (const bucket of buckets) {
    if (bucket.count >= rank) {
      if (bucket.le === Number.POSITIVE_INFINITY) return lower.le;
      const inBucket = bucket.count - lower.count;
      const share = inBucket === 0 ? 1 : (rank - lower.count) / inBucket;
      return lower.le + (bucket.le - lower.le) * share;
    }
    lower = bucket;
  }
  return lower.le;
}
