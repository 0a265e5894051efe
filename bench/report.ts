import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';

// The JSON a bench wrote: its shape is that bench's, read by the target rows and the capacity plan.
// biome-ignore lint/suspicious/noExplicitAny: parsed JSON, one shape per bench
export type Results = Record<string, any>;

export const resultsDir = new URL('./results/', import.meta.url);

/** Writes a benchmark's figures to bench/results/<name>.json and prints them. */
export async function writeResults(name: string, figures: Record<string, unknown>): Promise<void> {
  const results = {
    benchmark: name,
    measured_at: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version },
    ...figures,
  };
  await mkdir(resultsDir, { recursive: true });
  await writeFile(new URL(`${name}.json`, resultsDir), `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
}

/** Events (or requests) per second, rounded. */
export function perSecond(count: number, ms: number): number {
  return Math.round((count / ms) * 1000);
}

/** The results a bench wrote since `since`, or undefined when it wrote none in this run. */
export async function resultsOf(bench: string, since: Date): Promise<Results | undefined> {
  try {
    const results = JSON.parse(await readFile(new URL(`${bench}.json`, resultsDir), 'utf8')) as Results;
    return new Date(results.measured_at) >= since ? results : undefined;
  } catch {
    return undefined;
  }
}
