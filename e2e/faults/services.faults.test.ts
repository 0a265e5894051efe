// Service processes stopped, killed or down for a while under order load, each ending with the audit.
import { describe, expect, it } from 'vitest';
import { underLoad, useFaultSuite } from './harness/scenario.js';

const suite = useFaultSuite('services');
const services = ['catalog', 'order', 'analytics'] as const;

describe('when a service gets SIGTERM or SIGKILL under order load', () => {
  for (const name of services) {
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      it(`${name} ${signal}: it comes back and the books balance`, async () => {
        await underLoad(suite, `${name} ${signal}`, async () => {
          const service = suite.stack[name];
          const exit = await service.stop(signal);
          if (signal === 'SIGTERM') expect(exit, `${name} drains and exits 0 on SIGTERM`).toBe(0);
          await service.start();
        });
      });
    }
  }
});

describe('when analytics is down for a minute under order load', () => {
  it('it catches up from its queue: statistics equal the executed orders', async () => {
    await underLoad(suite, 'analytics down 60 s, then catching up', async () => {
      await suite.stack.analytics.stop('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 60_000)); // the outage itself
      await suite.stack.analytics.start();
    });
  });
});
