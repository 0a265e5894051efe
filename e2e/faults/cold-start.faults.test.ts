// Cold start: order, analytics and the gateway started before the services they consume from — auth
// (token keys, revocations) and catalog (products, replies to the saga) — which come up only later;
// then the order load, ending with the audit.
import { describe, expect, it } from 'vitest';
import { signInEveryone, underLoad, useFaultSuite } from './harness/scenario.js';

const suite = useFaultSuite('cold-start', { leaveStopped: ['auth', 'catalog'] });
const ALONE_MS = 5_000;

describe('when order and analytics start before auth and catalog', () => {
  it('they wait alive, are ready once auth and catalog are up, and the books balance under load', async () => {
    const { stack } = suite;
    await new Promise((resolve) => setTimeout(resolve, ALONE_MS)); // up alone: their retries run
    const early = [stack.order, stack.analytics, stack.gateway];
    expect(
      early.filter((process) => !process.running).map((process) => process.name),
      'alive without auth and catalog',
    ).toEqual([]);
    const readyAlone = (await Promise.all(early.map((process) => process.isReady()))).filter(Boolean).length;

    const started = Date.now();
    await Promise.all([stack.catalog.start({ ready: false }), stack.auth.start({ ready: false })]);
    await Promise.all(stack.all().map((process) => process.untilReady()));
    const everyReadyMs = Date.now() - started;
    await signInEveryone(suite);

    await underLoad(suite, 'cold start: order, analytics, gateway before auth and catalog', async () => ({
      aloneMs: ALONE_MS,
      readyAlone,
      everyReadyMs,
    }));
  });
});
