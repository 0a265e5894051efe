import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { resolveInfrastructure } from './infrastructure.js';
import type {} from './test-environment.js';

/** Vitest global setup: finds the infrastructure once per run and hands its URLs to every test file. */
export default async function setup(project: TestProject) {
  const infrastructure = await resolveInfrastructure();
  project.provide('databaseUrl', infrastructure.databaseUrl);
  project.provide('amqpUrl', infrastructure.amqpUrl);
  project.provide('runId', randomBytes(3).toString('hex'));
  return () => infrastructure.stop();
}
