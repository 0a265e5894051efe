import { useEventTap, useTestEnvironment } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { hashRefreshToken } from '../src/sessions/token-pair.js';
import type { Tokens, UserBody } from './fixtures/auth-client.js';
import { type AuthHarness, useTestAuthService } from './fixtures/auth-service.js';
import { claimsOf, outboxEvents, sessionsOf } from './fixtures/rows.js';

const env = useTestEnvironment();

const auth = useTestAuthService(env);
const tap = useEventTap(env);

const refreshWith = (client: ReturnType<AuthHarness['client']>, refreshToken: string) =>
  client.post<Tokens>('/users/refresh', { body: { refresh_token: refreshToken } });

/** The token with its signature's last character swapped for one that decodes to the same bytes. */
function sameBytesOtherLast(token: string): string {
  const signature = token.slice(token.lastIndexOf('.') + 1);
  const bytes = Buffer.from(signature, 'base64url');
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const other = [...alphabet]
    .map((last) => `${signature.slice(0, -1)}${last}`)
    .find((variant) => variant !== signature && Buffer.from(variant, 'base64url').equals(bytes));
  return `${token.slice(0, token.lastIndexOf('.') + 1)}${other}`;
}

describe('POST /users/refresh', () => {
  it('answers 200 with a new pair for the same session and stores the new refresh token hash only', async () => {
    const client = auth.client();
    const { tokens, user } = await client.signUp();

    const response = await refreshWith(client, tokens.refresh_token);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    expect(response.body.refresh_token).not.toBe(tokens.refresh_token);
    expect(claimsOf(response.body.access_token).sid).toBe(claimsOf(tokens.access_token).sid);
    const me = await client.get<UserBody>('/users/me', { token: response.body.access_token });
    expect(me.body.id).toBe(user.id);
    expect(await sessionsOf(auth.sql, user.id)).toEqual([
      expect.objectContaining({
        revoked_at: null,
        refresh_token_hash: hashRefreshToken(response.body.refresh_token),
      }),
    ]);
  });

  it('accepts the refresh token as Authorization: Bearer too', async () => {
    const client = auth.client();
    const { tokens } = await client.signUp();

    const response = await client.post<Tokens>('/users/refresh', { token: tokens.refresh_token });

    expect(response.status).toBe(200);
    expect(response.body.access_token).toEqual(expect.any(String));
  });

  it('treats a spent refresh token as reuse: 401, the session is revoked and the newer token dies too', async () => {
    const client = auth.client();
    const { tokens, user } = await client.signUp();
    const rotated = await refreshWith(client, tokens.refresh_token);

    const replay = await refreshWith(client, tokens.refresh_token);
    const newer = await refreshWith(client, rotated.body.refresh_token);

    expect(replay.status).toBe(401);
    expect(newer.status).toBe(401);
    const sessionId = claimsOf(tokens.access_token).sid;
    expect(await sessionsOf(auth.sql, user.id)).toEqual([
      expect.objectContaining({
        id: sessionId,
        revoked_reason: 'refresh_token_reuse',
        revoked_at: expect.any(Date),
      }),
    ]);
    const events = await outboxEvents(auth.sql, 'session.revoked');
    expect(events.filter((event) => event.data.session_id === sessionId)).toEqual([
      expect.objectContaining({ source: 'auth', data: expect.objectContaining({ user_id: user.id }) }),
    ]);
    await tap.waitFor('session.revoked', (event) => event.data.session_id === sessionId);
  });

  it('lets exactly one of two simultaneous refreshes with one token succeed, and the reuse ends the session', async () => {
    const client = auth.client();
    const { tokens, user } = await client.signUp();

    const responses = await Promise.all([
      refreshWith(client, tokens.refresh_token),
      refreshWith(client, tokens.refresh_token),
    ]);

    expect(responses.map((response) => response.status).sort()).toEqual([200, 401]);
    expect(await sessionsOf(auth.sql, user.id)).toEqual([
      expect.objectContaining({ revoked_reason: 'refresh_token_reuse' }),
    ]);
  });

  it('refuses an access token with 401 and leaves the session alone', async () => {
    const client = auth.client();
    const { tokens, user } = await client.signUp();

    const inBody = await refreshWith(client, tokens.access_token);
    const asBearer = await client.post('/users/refresh', { token: tokens.access_token });

    expect(inBody.status).toBe(401);
    expect(asBearer.status).toBe(401);
    expect(await sessionsOf(auth.sql, user.id)).toEqual([expect.objectContaining({ revoked_at: null })]);
  });

  it('is refused as a bearer token on /users/me with 401', async () => {
    const client = auth.client();
    const { tokens } = await client.signUp();

    const response = await client.get('/users/me', { token: tokens.refresh_token });

    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('answers 401 without any token, and 401 for a tampered one', async () => {
    const client = auth.client();
    const { tokens } = await client.signUp();
    const [header, payload] = tokens.refresh_token.split('.');

    const none = await client.post('/users/refresh');
    const tampered = await refreshWith(client, `${header}.${payload}.${'A'.repeat(86)}`);

    expect(none.status).toBe(401);
    expect(tampered.status).toBe(401);
  });

  it.each([
    ['"=" padding', (token: string) => `${token}=`],
    ['a trailing space', (token: string) => `${token} `],
    ['another last character with the same bytes', (token: string) => sameBytesOtherLast(token)],
  ])(
    'refuses a refresh token altered by %s with a plain 401, keeping the session and its token',
    async (_, alter) => {
      const client = auth.client();
      const { tokens, user } = await client.signUp();

      const altered = await refreshWith(client, alter(tokens.refresh_token));
      const genuine = await refreshWith(client, tokens.refresh_token);

      expect(altered.status).toBe(401);
      expect(altered.headers.get('content-type')).toBe('application/problem+json');
      expect(genuine.status).toBe(200);
      expect(await sessionsOf(auth.sql, user.id)).toEqual([expect.objectContaining({ revoked_at: null })]);
    },
  );

  it("issues the user's current role from the database, not the one at login", async () => {
    const client = auth.client();
    const { tokens, user } = await client.signUp();
    await auth.sql`update users set role = 'admin' where id = ${user.id}`;

    const response = await refreshWith(client, tokens.refresh_token);

    expect(response.status).toBe(200);
    expect(claimsOf(response.body.access_token).role).toBe('admin');
  });
});
