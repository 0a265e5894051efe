import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { useTestEnvironment, waitFor } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventPublisher } from './fixtures/revocation-events.js';
import { type StubService, startStubService } from './fixtures/stub-service.js';
import { readiness, startTestGateway, type TestGateway } from './fixtures/test-gateway.js';
import { accessToken, newSession, newSigner } from './fixtures/tokens.js';

const run = promisify(execFile);
const env = useTestEnvironment();
const signer = newSigner('k1');
const inTenMinutes = () => new Date(Date.now() + 10 * 60_000).toISOString();

describe("when the broker drops the gateway's connection", () => {
  let auth: StubService;
  let gateway: TestGateway;

  beforeAll(async () => {
    auth = await startStubService('auth', [signer]);
    gateway = await startTestGateway(env, { auth });
    await waitFor(() => readiness(gateway.origin), {
      until: ({ status }) => status === 200,
      what: 'a ready gateway',
    });
  });

  afterAll(async () => {
    await gateway?.stop();
    await auth?.stop();
  });

  async function statusWith(token: string): Promise<number> {
    const response = await fetch(`${gateway.origin}/users/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await response.body?.cancel();
    return response.status;
  }

  it('it reconnects, reloads what was revoked meanwhile from auth, and hears new events again', async () => {
    const missed = newSession(31);
    const missedToken = accessToken(signer, missed);
    expect(await statusWith(missedToken)).toBe(200);
    auth.revocationsAvailable = false;

    await run('rabbitmqctl', ['close_all_connections', 'fault test: gateway connection closed']);
    // Revoked while the gateway could not hear it: only the reload after reconnecting can tell.
    const stale = await waitFor(() => readiness(gateway.origin), {
      until: ({ checks }) => checks.broker === true && checks.revocations === false,
      what: 'a reconnected gateway waiting for its revocations',
    });
    expect(stale.status).toBe(503);
    auth.revocations = {
      sessions: [{ session_id: missed.sid, user_id: 31, expires_at: inTenMinutes() }],
      users: [],
    };
    auth.revocationsAvailable = true;

    await waitFor(() => statusWith(missedToken), {
      until: (status) => status === 401,
      what: 'the missed revocation',
    });
    await waitFor(() => readiness(gateway.origin), {
      until: ({ status }) => status === 200,
      what: 'a ready gateway',
    });
    const publisher = await EventPublisher.connect(env);
    try {
      const later = newSession(32);
      const laterToken = accessToken(signer, later);
      expect(await statusWith(laterToken)).toBe(200);
      await publisher.publish('session.revoked', {
        session_id: later.sid,
        user_id: 32,
        expires_at: inTenMinutes(),
      });
      await waitFor(() => statusWith(laterToken), {
        until: (status) => status === 401,
        timeoutMs: 1000,
        what: 'a 401',
      });
    } finally {
      await publisher.close();
    }
  });
});
