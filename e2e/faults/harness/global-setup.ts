// The faults project's global setup: one private PostgreSQL and one private RabbitMQ for the whole
// suite, handed to every file as the infrastructure useTestEnvironment creates databases and
// prefixes on; both stopped and their temp dir removed at the end, whatever happened.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from './free-port.js';
import { type PrivatePostgresInfo, startPrivatePostgres, stopPrivatePostgres } from './private-postgres.js';
import { type PrivateRabbitInfo, startPrivateRabbit, stopPrivateRabbit } from './private-rabbitmq.js';
import { writeResult } from './results.js';

declare module 'vitest' {
  export interface ProvidedContext {
    faultPostgres: PrivatePostgresInfo;
    faultRabbit: PrivateRabbitInfo;
  }
}

export default async function setup(project: TestProject) {
  const baseDir = await mkdtemp(join(tmpdir(), 'shop-faults-'));
  const [pgPort, amqpPort, distributionPort] = [await freePort(), await freePort(), await freePort()];
  const pgStarted = Date.now();
  const postgres = await startPrivatePostgres(baseDir, pgPort).catch(async (error) => {
    await rm(baseDir, { recursive: true, force: true });
    throw error;
  });
  const postgresStartMs = Date.now() - pgStarted;
  const rabbitStarted = Date.now();
  let rabbit: Awaited<ReturnType<typeof startPrivateRabbit>>;
  try {
    rabbit = await startPrivateRabbit(baseDir, { amqp: amqpPort, distribution: distributionPort });
  } catch (error) {
    await stopPrivatePostgres(postgres);
    await rm(baseDir, { recursive: true, force: true });
    throw error;
  }
  const rabbitStartMs = Date.now() - rabbitStarted;
  console.log(
    `faults: private PostgreSQL on :${pgPort} (initdb + start ${postgresStartMs} ms), RabbitMQ on :${amqpPort} (${rabbitStartMs} ms)`,
  );
  await writeResult('infrastructure', { postgresStartMs, rabbitStartMs });
  project.provide('databaseUrl', postgres.url);
  project.provide('amqpUrl', rabbit.info.url);
  project.provide('runId', randomBytes(3).toString('hex'));
  project.provide('faultPostgres', postgres);
  project.provide('faultRabbit', rabbit.info);
  return async () => {
    await stopPrivateRabbit(rabbit.info, rabbit.process);
    await stopPrivatePostgres(postgres);
    await rm(baseDir, { recursive: true, force: true });
  };
}
