import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';

/** Writes a benchmark's figures to bench/results/<name>.json and prints them. */
export async function writeResults(name: string, figures: Record<string, unknown>): Promise<void> {
  const results = {
    benchmark: name,
    measured_at: new Date().toISOString(),
    machine: { cpus: cpus().length, node: process.version },
    ...figures,
  };
  const dir = new URL('./results/', import.meta.url);
  await mkdir(dir, { recursive: true });
  await writeFile(new URL(`${name}.json`, dir), `${JSON.stringify(results, null, 2)}\n`);
  console.log(JSON.stringify(results, null, 2));
}

/** Events (or requests) per second, rounded. */
export function perSecond(count: number, ms: number): number {
  return Math.round((count / ms) * 1000);
}
