import { INTERNAL_TOKEN_HEADER } from '@shop/identity';
import { useEventTap, useTestEnvironment } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { useTestAuthService } from './fixtures/auth-service.js';
import { accessTokensExpiryAfter, claimsOf, outboxEvents, sessionsOf } from './fixtures/rows.js';

const env = useTestEnvironment();

const auth = useTestAuthService(env);
const tap = useEventTap(env);

describe('POST /users/logout', () => {
  it('revokes the session: 200, refresh token dead, session.revoked in the outbox and on the broker', async () => {
    const client = auth.client();
    const { tokens, user } = await client.signUp();
    const sessionId = claimsOf(tokens.access_token).sid;

    const response = await client.post('/users/logout', { token: tokens.access_token });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'logged_out' });
    const [session] = await sessionsOf(auth.sql, user.id);
    expect(session).toMatchObject({ id: sessionId, revoked_reason: 'logout', revoked_at: expect.any(Date) });
    const expiresAt = accessTokensExpiryAfter(session?.revoked_at);
    const events = await outboxEvents(auth.sql, 'session.revoked');
    expect(events.filter((event) => event.data.session_id === sessionId)).toEqual([
      expect.objectContaining({
        type: 'session.revoked',
        data: { session_id: sessionId, user_id: user.id, expires_at: expiresAt },
      }),
    ]);
    const [published] = await tap.waitFor('session.revoked', (e) => e.data.session_id === sessionId);
    expect(published?.data).toEqual({
      session_id: sessionId,
      user_id: user.id,
      expires_at: expiresAt,
    });
    const refresh = await client.post('/users/refresh', { body: { refresh_token: tokens.refresh_token } });
    expect(refresh.status).toBe(401);
  });

  it('leaves the access token refused by auth itself, and other sessions of the user alive', async () => {
    const client = auth.client();
    const { email, password, tokens } = await client.signUp();
    const other = await client.logIn(email, password);

    await client.post('/users/logout', { token: tokens.access_token });

    expect((await client.get('/users/me', { token: tokens.access_token })).status).toBe(401);
    expect((await client.get('/users/me', { token: other.access_token })).status).toBe(200);
  });

  it('answers 401 without a bearer access token', async () => {
    const client = auth.client();
    const { tokens } = await client.signUp();

    const anonymous = await client.post('/users/logout');
    const withRefreshToken = await client.post('/users/logout', { token: tokens.refresh_token });

    expect(anonymous.status).toBe(401);
    expect(withRefreshToken.status).toBe(401);
  });
});

describe('GET /internal/revocations', () => {
  it('lists a logged-out session until its last access token expires', async () => {
    const client = auth.client();
    const { tokens, user } = await client.signUp();
    const sessionId = claimsOf(tokens.access_token).sid;
    await client.post('/users/logout', { token: tokens.access_token });

    const response = await client.get<{ sessions: Array<Record<string, unknown>>; users: unknown[] }>(
      '/internal/revocations',
      { headers: { [INTERNAL_TOKEN_HEADER]: auth.config.INTERNAL_TOKEN } },
    );

    expect(response.status).toBe(200);
    const [session] = await sessionsOf(auth.sql, user.id);
    const expiresAt = accessTokensExpiryAfter(session?.revoked_at);
    expect(response.body.sessions).toContainEqual({
      session_id: sessionId,
      user_id: user.id,
      expires_at: expiresAt,
    });
  });

  it('leaves out sessions revoked longer ago than an access token lives', async () => {
    const client = auth.client();
    const { tokens, user } = await client.signUp();
    const sessionId = claimsOf(tokens.access_token).sid;
    await client.post('/users/logout', { token: tokens.access_token });
    await auth.sql`update sessions set revoked_at = now() - interval '16 minutes' where user_id = ${user.id}`;

    const response = await client.get<{ sessions: Array<{ session_id: string }> }>('/internal/revocations', {
      headers: { [INTERNAL_TOKEN_HEADER]: auth.config.INTERNAL_TOKEN },
    });

    expect(response.body.sessions.map((session) => session.session_id)).not.toContain(sessionId);
  });
});
