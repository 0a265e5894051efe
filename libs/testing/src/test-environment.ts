import { randomBytes } from 'node:crypto';
import { deleteTopology, topologyNames } from '@shop/messaging';
import amqplib from 'amqplib';
import postgres from 'postgres';
import { afterAll, beforeAll, inject } from 'vitest';

// What the global setup hands every test file.
declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    amqpUrl: string;
    runId: string;
  }
}

/** What a test file gets: its own database and its own broker prefix. */
export interface TestEnvironment {
  databaseUrl: string;
  amqpUrl: string;
  /** Prefix of this file's exchanges and queues. */
  prefix: string;
  /** Environment variables that point a child process at this file's database and broker names. */
  env: Record<string, string>;
}

/**
 * Registers hooks that create a fresh database and a unique exchange/queue prefix for the
 * calling test file, and drop both after it. Read the fields inside tests or hooks.
 */
export function useTestEnvironment(): TestEnvironment {
  const suffix = randomBytes(3).toString('hex');
  const runId = inject('runId');
  const databaseName = `shop_test_${runId}_${suffix}`;
  const prefix = `t${runId}${suffix}.`;
  const databaseUrl = withDatabase(inject('databaseUrl'), databaseName);
  const amqpUrl = inject('amqpUrl');
  const admin = () => postgres(inject('databaseUrl'), { max: 1, onnotice: () => {} });

  beforeAll(async () => {
    const sql = admin();
    await sql`create database ${sql(databaseName)}`;
    await sql.end();
  });

  afterAll(async () => {
    const sql = admin();
    await sql`drop database if exists ${sql(databaseName)} with (force)`;
    await sql.end();
    await deleteBrokerEntities(amqpUrl, prefix);
  });

  return {
    databaseUrl,
    amqpUrl,
    prefix,
    env: {
      DATABASE_URL: databaseUrl,
      AMQP_URL: amqpUrl,
      AMQP_PREFIX: prefix,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
    },
  };
}

function withDatabase(url: string, database: string): string {
  const target = new URL(url);
  target.pathname = `/${database}`;
  return target.toString();
}

async function deleteBrokerEntities(amqpUrl: string, prefix: string): Promise<void> {
  const connection = await amqplib.connect(amqpUrl);
  await deleteTopology(await connection.createChannel(), topologyNames(prefix));
  await connection.close();
}
