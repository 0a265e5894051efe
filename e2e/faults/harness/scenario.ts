// One scenario file's fixture: its own database and broker prefix on the private infrastructure,
// the stack as processes, an admin and a few customers; `underLoad` runs one fault under order
// load and ends it with the audit, printing and recording the figures.

import { type TestEnvironment, useTestEnvironment, waitFor } from '@shop/testing';
import postgres from 'postgres';
import { afterAll, beforeAll, inject } from 'vitest';
import { type AuditReport, audit, countDeadLetters } from './audit.js';
import {
  type Actor,
  type LoadResult,
  orderLoad,
  type RunningLoad,
  type StockedProduct,
  signInAdmin,
  signInAs,
  stockProducts,
} from './order-load.js';
import type { PrivatePostgresInfo } from './private-postgres.js';
import type { PrivateRabbitInfo } from './private-rabbitmq.js';
import { ScenarioLog, writeOutputs } from './results.js';
import { type Stack, type StackOptions, startStack } from './stack.js';

export interface FaultSuite {
  env: TestEnvironment;
  stack: Stack;
  /** A superuser connection to the scenario file's database (every schema). */
  sql: postgres.Sql;
  admin: Actor;
  customers: Actor[];
  postgresInfo: PrivatePostgresInfo;
  rabbitInfo: PrivateRabbitInfo;
  log: ScenarioLog;
}

export interface UnderLoadOptions {
  products?: number;
  stock?: number;
  /** Dead letters the fault injects on purpose. */
  injectedDeadLetters?: number;
  /** Executes the load must have answered before the fault starts. */
  warmUp?: number;
  auditTimeoutMs?: number;
}

export interface FaultContext {
  products: StockedProduct[];
  load: RunningLoad;
}

/** What a fault may report beyond its own end. */
export type FaultOutcome = Record<string, unknown> | undefined;

/** Registers the file's hooks; read the fields inside tests. */
export function useFaultSuite(file: string, stackOptions: StackOptions = {}): FaultSuite {
  const env = useTestEnvironment();
  const suite = { env, log: new ScenarioLog(file) } as FaultSuite;
  beforeAll(async () => {
    suite.postgresInfo = inject('faultPostgres');
    suite.rabbitInfo = inject('faultRabbit');
    suite.sql = postgres(env.databaseUrl, { max: 4, onnotice: () => {} });
    suite.stack = await startStack(env, stackOptions);
    if (stackOptions.leaveStopped?.length) return;
    await signInEveryone(suite);
  }, 120_000);
  afterAll(async () => {
    await suite.log.write();
    await suite.stack?.stop();
    await suite.sql?.end({ timeout: 5 });
  }, 120_000);
  return suite;
}

/** Signs the admin and four customers in (done at start unless services were left stopped). */
export async function signInEveryone(suite: FaultSuite): Promise<void> {
  const gatewayUrl = suite.stack.gateway.origin;
  suite.admin = await signInAdmin(gatewayUrl);
  suite.customers = await Promise.all(Array.from({ length: 4 }, () => signInAs(gatewayUrl)));
}

/**
 * Stocks fresh products, starts the order load, runs `fault` once the load is warm, lets the load
 * settle orders again after it (proof the system serves), stops it, audits and records.
 */
export async function underLoad(
  suite: FaultSuite,
  scenario: string,
  fault: (context: FaultContext) => Promise<unknown>,
  options: UnderLoadOptions = {},
): Promise<AuditReport & { load: LoadResult }> {
  const { products: productCount = 3, stock = 200, injectedDeadLetters = 0, warmUp = 10 } = options;
  const orders = postgres(suite.env.databaseUrl, {
    max: 1,
    onnotice: () => {},
    connection: { search_path: 'orders' },
  });
  const products = await stockProducts(suite.admin, orders, productCount, stock).finally(() => orders.end());
  const baseline = await countDeadLetters(suite.sql);
  const load = orderLoad({ customers: suite.customers, products });
  let result: LoadResult | null = null;
  try {
    await waitFor(() => load.answered(), {
      until: (n) => n >= warmUp,
      timeoutMs: 60_000,
      what: `${warmUp} executes answered before the fault`,
    });
    const faultStarted = Date.now();
    const extra = ((await fault({ products, load })) ?? {}) as FaultOutcome;
    const healed = Date.now();
    await waitFor(() => load.settledSince(healed), {
      until: (n) => n >= 5,
      timeoutMs: 90_000,
      intervalMs: 50,
      what: '5 executes settled after the fault',
    });
    result = await load.stop();
    const serviceBackMs = firstSettledAfter(result, healed);
    const report = await audit(
      {
        sql: suite.sql,
        stack: suite.stack,
        admin: suite.admin,
        amqpUrl: suite.env.amqpUrl,
        prefix: suite.env.prefix,
      },
      {
        since: healed,
        products,
        load: result,
        expectedDeadLetters: baseline + injectedDeadLetters,
        timeoutMs: options.auditTimeoutMs,
      },
    );
    if (report.recoveryMs === null) await writeOutputs(scenario, suite.stack);
    suite.log.record({
      scenario,
      faultMs: healed - faultStarted,
      serviceBackMs,
      recoveryMs: report.recoveryMs,
      ordersAccepted: result.accepted.length,
      ordersExecuted: report.executed,
      ordersRejected: report.rejected,
      failedCalls: result.failures,
      deadLetters: report.deadLetters - baseline,
      ...extra,
    });
    return { ...report, load: result };
  } catch (error) {
    await writeOutputs(scenario, suite.stack);
    throw error;
  } finally {
    if (!result) await load.stop();
  }
}

function firstSettledAfter(result: LoadResult, since: number): number | null {
  const first = result.sent
    .filter((execute) => execute.answeredAt > since && (execute.status === 200 || execute.status === 409))
    .sort((a, b) => a.answeredAt - b.answeredAt)[0];
  return first ? first.answeredAt - since : null;
}
