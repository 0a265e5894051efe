// Crashes between commit and ack (each consuming service) and between confirm and marking (a
// relay), injected by test preloads; each under order load, each ending with the audit.
import { describe, expect, it } from 'vitest';
import { preloads } from './harness/preloads.js';
import { underLoad, useFaultSuite } from './harness/scenario.js';
import type { ServiceProcess } from './harness/service-process.js';

const suite = useFaultSuite('consumer-crashes');

/** Restarts `service` with a crashing preload, waits for the crash, starts it plain again. */
async function crashOnce(service: ServiceProcess, preload: string, env: Record<string, string>) {
  await service.stop('SIGTERM');
  await service.start({ preloads: [preload], env, ready: false });
  const exit = await Promise.race([
    service.exited,
    new Promise((resolve) => setTimeout(() => resolve('no crash within 60 s'), 60_000)),
  ]);
  expect(exit, service.output().slice(-2000)).toBe('SIGKILL');
  await service.start();
}

const consumers = [
  { service: () => suite.stack.catalog, routingKey: 'order.execution-requested' },
  { service: () => suite.stack.order, routingKey: 'stock.reserved' },
  { service: () => suite.stack.analytics, routingKey: 'order.executed' },
];

describe('when a consumer dies after its commit and before its ack', () => {
  for (const { service, routingKey } of consumers) {
    it(`${routingKey}: the redelivery is skipped by the inbox, nothing is taken or counted twice`, async () => {
      await underLoad(suite, `${service().name} killed after commit, before ack (${routingKey})`, () =>
        crashOnce(service(), preloads.crashBeforeAck, { FAULT_CRASH_BEFORE_ACK: routingKey }),
      );
    });
  }
});

describe('when a relay dies after the confirm and before marking the row published', () => {
  for (const { service, routingKey } of [
    { service: () => suite.stack.order, routingKey: 'order.execution-requested' },
    { service: () => suite.stack.catalog, routingKey: 'stock.reserved' },
  ]) {
    it(`${routingKey}: the row is published again and the duplicate is harmless`, async () => {
      await underLoad(
        suite,
        `${service().name} relay killed after confirm, before marking (${routingKey})`,
        () => crashOnce(service(), preloads.crashAfterConfirm, { FAULT_CRASH_AFTER_CONFIRM: routingKey }),
      );
    });
  }
});
