import { fileURLToPath } from 'node:url';
import { startTsProcess, useTestEnvironment } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { topologyNames } from '../src/index.js';
import { RawBroker } from './fixtures/raw-broker.js';

const env = useTestEnvironment();
const relayProcess = fileURLToPath(new URL('./fixtures/relay-process.ts', import.meta.url));

describe('a topology the broker refuses', () => {
  it('fails start-up with the broker’s reason instead of retrying forever', async () => {
    const raw = await RawBroker.connect(env);
    // An exchange of another type under the name the service declares: PRECONDITION_FAILED.
    await raw.channel.assertExchange(topologyNames(env.prefix).exchange, 'direct', { durable: true });
    await raw.close();

    const relay = startTsProcess(relayProcess, env.env);
    const exit = await Promise.race([
      relay.exited,
      new Promise((resolve) => setTimeout(() => resolve('still running'), 20_000)),
    ]);
    if (exit === 'still running') relay.child.kill('SIGKILL');

    expect(exit).not.toBe('still running');
    expect(exit).not.toBe(0);
    expect(relay.output()).toContain('the broker refused the topology');
    expect(relay.output()).toContain('PRECONDITION_FAILED');
    expect(relay.output()).not.toContain('relay started');
  });
});
