import { randomBytes } from 'node:crypto';
import { deleteTopology, topologyNames } from '@shop/messaging';
import { ensureDatabase } from '@shop/platform';
import amqplib from 'amqplib';
import postgres from 'postgres';
import { benchConfig } from './config.js';

/** Runs `work` against a fresh database and a broker prefix of its own, both removed afterwards. */
export async function withBenchDatabase<T>(
  work: (databaseUrl: string, prefix: string) => Promise<T>,
): Promise<T> {
  const suffix = randomBytes(3).toString('hex');
  const name = `shop_bench_${suffix}`;
  const url = new URL(benchConfig.databaseUrl);
  url.pathname = `/${name}`;
  await ensureDatabase(url.toString());
  const prefix = `bench.${suffix}.`;
  try {
    return await work(url.toString(), prefix);
  } finally {
    const connection = await amqplib.connect(benchConfig.amqpUrl);
    await deleteTopology(await connection.createChannel(), topologyNames(prefix));
    await connection.close();
    const admin = postgres(benchConfig.databaseUrl, { max: 1, onnotice: () => {} });
    await admin`drop database if exists ${admin(name)} with (force)`;
    await admin.end();
  }
}
