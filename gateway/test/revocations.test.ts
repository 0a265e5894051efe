import { useTestEnvironment, waitFor } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from './fixtures/problems.js';
import { EventPublisher } from './fixtures/revocation-events.js';
import { type StubService, startStubService } from './fixtures/stub-service.js';
import { readiness, startTestGateway, type TestGateway } from './fixtures/test-gateway.js';
import { accessToken, newSession, newSigner } from './fixtures/tokens.js';

const env = useTestEnvironment();
const signer = newSigner('k1');
const inTenMinutes = () => new Date(Date.now() + 10 * 60_000).toISOString();

describe('revoked sessions and deleted users are refused', () => {
  const revokedBeforeStart = newSession(7);
  let auth: StubService;
  let catalog: StubService;
  let gateway: TestGateway;
  let publisher: EventPublisher;

  beforeAll(async () => {
    [auth, catalog] = await Promise.all([startStubService('auth', [signer]), startStubService('catalog')]);
    auth.revocations = {
      sessions: [{ session_id: revokedBeforeStart.sid, user_id: 7, expires_at: inTenMinutes() }],
      users: [{ user_id: 8, expires_at: inTenMinutes() }],
    };
    gateway = await startTestGateway(env, { auth, catalog });
    publisher = await EventPublisher.connect(env);
    await waitFor(() => readiness(gateway.origin), {
      until: ({ status }) => status === 200,
      what: 'a ready gateway',
    });
  });

  afterAll(async () => {
    await publisher?.close();
    await gateway?.stop();
    await Promise.all([auth?.stop(), catalog?.stop()]);
  });

  async function statusWith(token: string): Promise<number> {
    const response = await fetch(`${gateway.origin}/products`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await response.body?.cancel();
    return response.status;
  }

  it('revocations auth lists at start-up are refused', async () => {
    expect(await statusWith(accessToken(signer, revokedBeforeStart))).toBe(401);
    expect(await statusWith(accessToken(signer, newSession(8)))).toBe(401);
    expect(await statusWith(accessToken(signer, newSession(9)))).toBe(200);
  });

  it('a logged-out session is refused within 1 s of its session.revoked event; its other tokens too', async () => {
    const session = newSession(11);
    const token = accessToken(signer, session);
    expect(await statusWith(token)).toBe(200);

    await publisher.publish('session.revoked', {
      session_id: session.sid,
      user_id: 11,
      expires_at: inTenMinutes(),
    });
    await waitFor(() => statusWith(token), {
      until: (status) => status === 401,
      timeoutMs: 1000,
      what: 'a 401',
    });

    const problem = await expectProblem(
      await fetch(`${gateway.origin}/products`, {
        headers: { authorization: `Bearer ${accessToken(signer, session)}` },
      }),
      401,
    );
    expect(problem.detail).toBe('The token has been revoked');
    expect(await statusWith(accessToken(signer, newSession(11)))).toBe(200);
  });

  it("a deleted user's tokens are refused within 1 s of user.deleted, whatever the session", async () => {
    const token = accessToken(signer, newSession(12));
    expect(await statusWith(token)).toBe(200);

    await publisher.publish('user.deleted', { user_id: 12 });
    await waitFor(() => statusWith(token), {
      until: (status) => status === 401,
      timeoutMs: 1000,
      what: 'a 401',
    });

    expect(await statusWith(accessToken(signer, newSession(12)))).toBe(401);
  });
});

describe('when auth is away at start-up', () => {
  let auth: StubService;
  let gateway: TestGateway;

  beforeAll(async () => {
    auth = await startStubService('auth', [signer]);
    auth.revocationsAvailable = false;
    gateway = await startTestGateway(env, { auth });
  });

  afterAll(async () => {
    await gateway?.stop();
    await auth?.stop();
  });

  it('the gateway starts, reports revocations not ready, and loads them once auth answers', async () => {
    const before = await readiness(gateway.origin);
    expect(before.status).toBe(503);
    expect(before.checks.revocations).toBe(false);

    const session = newSession(21);
    auth.revocations = {
      sessions: [{ session_id: session.sid, user_id: 21, expires_at: inTenMinutes() }],
      users: [],
    };
    auth.revocationsAvailable = true;

    const after = await waitFor(() => readiness(gateway.origin), {
      until: ({ status }) => status === 200,
      what: 'revocations loaded after retrying',
    });
    expect(after.checks).toMatchObject({ broker: true, jwks: true, revocations: true, auth: true });
    const response = await fetch(`${gateway.origin}/users/me`, {
      headers: { authorization: `Bearer ${accessToken(signer, session)}` },
    });
    await expectProblem(response, 401);
  });
});
