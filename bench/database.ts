import { randomBytes } from 'node:crypto';
import { ensureDatabase } from '@shop/platform';
import postgres from 'postgres';
import { benchConfig } from './config.js';

/** Runs `work` against a fresh database (and a matching broker prefix), dropped afterwards. */
export async function withBenchDatabase<T>(
  work: (databaseUrl: string, prefix: string) => Promise<T>,
): Promise<T> {
  const suffix = randomBytes(3).toString('hex');
  const name = `shop_bench_${suffix}`;
  const url = new URL(benchConfig.databaseUrl);
  url.pathname = `/${name}`;
  await ensureDatabase(url.toString());
  try {
    return await work(url.toString(), `bench.${suffix}.`);
  } finally {
    const admin = postgres(benchConfig.databaseUrl, { max: 1, onnotice: () => {} });
    await admin`drop database if exists ${admin(name)} with (force)`;
    await admin.end();
  }
}
