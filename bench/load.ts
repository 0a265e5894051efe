import { Pool } from 'undici';

export interface LoadOptions {
  /** Origin, e.g. http://127.0.0.1:8080 */
  origin: string;
  path: string;
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  /** Requests in flight at once. */
  concurrency: number;
  durationMs: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  per_s: number;
  p50_ms: number;
  p99_ms: number;
}

/** Drives one route with `concurrency` keep-alive clients for `durationMs`; latencies in ms. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const pool = new Pool(options.origin, { connections: options.concurrency, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + options.durationMs;
  async function client() {
    while (performance.now() < deadline) {
      const started = performance.now();
      try {
        const response = await pool.request({
          method: options.method ?? 'GET',
          path: options.path,
          headers: { 'content-type': 'application/json', ...options.headers },
          body: options.body ?? null,
        });
        await response.body.dump();
        if (response.statusCode >= 400) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - started);
    }
  }
  const started = performance.now();
  await Promise.all(Array.from({ length: options.concurrency }, client));
  const elapsed = performance.now() - started;
  await pool.close();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    per_s: Math.round((latencies.length / elapsed) * 1000),
    p50_ms: percentile(latencies, 0.5),
    p99_ms: percentile(latencies, 0.99),
  };
}

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const value = sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return Math.round(value * 100) / 100;
}
