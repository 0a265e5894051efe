// Broker faults on the suite's private RabbitMQ, each under order load, each ending with the audit.
import { topologyNames } from '@shop/messaging';
import { waitFor } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { closeBrokerConnections, deleteQueue, setDiskAlarm, stopBrokerFor } from './harness/faults.js';
import { underLoad, useFaultSuite } from './harness/scenario.js';

const suite = useFaultSuite('broker');

describe('when the broker application stops for 15 s under order load', () => {
  it('every accepted order settles once it is back: nothing oversold, lost or counted twice, all drained', async () => {
    await underLoad(suite, 'broker application stopped 15 s', () => stopBrokerFor(suite.rabbitInfo, 15_000));
  });
});

describe('when every broker connection is closed six times within a minute', () => {
  it('the services reconnect each time and the books balance', async () => {
    await underLoad(suite, 'all broker connections closed 6× (every 5 s)', async ({ load }) => {
      for (let i = 0; i < 6; i++) {
        const answered = load.answered();
        await closeBrokerConnections(suite.rabbitInfo);
        // The next close only once the load moved on: each close hits a working system.
        await waitFor(() => load.answered(), {
          until: (n) => n > answered,
          timeoutMs: 30_000,
          what: 'an execute answered',
        });
        await new Promise((resolve) => setTimeout(resolve, 5_000 - 500));
      }
    });
  });
});

describe('when a disk alarm blocks publishers for 10 s', () => {
  it('the relays wait it out and publish everything once it clears', async () => {
    await underLoad(suite, 'disk alarm 10 s', async () => {
      await setDiskAlarm(suite.rabbitInfo, true);
      try {
        await new Promise((resolve) => setTimeout(resolve, 10_000));
      } finally {
        await setDiskAlarm(suite.rabbitInfo, false);
      }
    });
  });
});

describe('when the connections are closed during a disk alarm', () => {
  it('the services reconnect into a blocked broker and publish once the alarm clears', async () => {
    await underLoad(suite, 'disk alarm 10 s with a reconnect during it', async () => {
      await setDiskAlarm(suite.rabbitInfo, true);
      try {
        await new Promise((resolve) => setTimeout(resolve, 3_000));
        await closeBrokerConnections(suite.rabbitInfo);
        await new Promise((resolve) => setTimeout(resolve, 7_000));
      } finally {
        await setDiskAlarm(suite.rabbitInfo, false);
      }
    });
  });
});

describe("when the catalog's queue is deleted under its running consumer", () => {
  it('the consumer comes back on a re-declared queue and no accepted order is lost', async () => {
    const report = await underLoad(suite, 'catalog queue deleted under its consumer', () =>
      deleteQueue(suite.rabbitInfo, topologyNames(suite.env.prefix).queue('catalog')),
    );
    expect(report.recoveryMs).not.toBeNull();
  });
});
