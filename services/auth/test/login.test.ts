import { randomUUID } from 'node:crypto';
import { ACCESS_AUDIENCE, REFRESH_AUDIENCE } from '@shop/identity';
import { useTestEnvironment } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { hashRefreshToken } from '../src/sessions/token-pair.js';
import type { AuthClient, Tokens } from './fixtures/auth-client.js';
import { useTestAuthService } from './fixtures/auth-service.js';
import { claimsOf, sessionsOf } from './fixtures/rows.js';

const env = useTestEnvironment();

const auth = useTestAuthService(env);

async function timedLogin(client: AuthClient, email: string, password: string) {
  const started = performance.now();
  const response = await client.post('/users/login', { body: { email, password } });
  return { response, ms: performance.now() - started };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

describe('POST /users/login', () => {
  it('answers 200 with a bearer pair and records a session holding only the refresh token hash', async () => {
    const client = auth.client();
    const { email, password, user } = await client.register({ email: `Login-${randomUUID()}@Example.com` });

    const response = await client.post<Tokens>('/users/login', {
      body: { email: email.toUpperCase(), password },
    });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 900,
    });
    const access = claimsOf(response.body.access_token);
    const refresh = claimsOf(response.body.refresh_token);
    expect(access).toMatchObject({
      sub: String(user.id),
      role: 'customer',
      typ: 'access',
      aud: ACCESS_AUDIENCE,
    });
    expect(refresh).toMatchObject({
      sub: String(user.id),
      sid: access.sid,
      typ: 'refresh',
      aud: REFRESH_AUDIENCE,
    });
    expect(Number(access.exp) - Number(access.iat)).toBe(900);
    expect(await sessionsOf(auth.sql, user.id)).toEqual([
      expect.objectContaining({
        id: access.sid,
        revoked_at: null,
        refresh_token_hash: hashRefreshToken(response.body.refresh_token),
      }),
    ]);
  });

  it('answers the same 401 body for an unknown email and for a wrong password, and starts no session', async () => {
    const client = auth.client();
    const { email, user } = await client.register();

    const wrongPassword = await client.post('/users/login', {
      body: { email, password: 'not the password' },
    });
    const unknownEmail = await client.post('/users/login', {
      body: { email: `nobody-${randomUUID()}@example.com`, password: 'not the password' },
    });

    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(unknownEmail.body).toEqual(wrongPassword.body);
    expect(wrongPassword.body).toMatchObject({
      title: 'Unauthorized',
      detail: 'The email or password is incorrect',
    });
    expect(await sessionsOf(auth.sql, user.id)).toHaveLength(0);
  });

  it('spends about as long on an unknown email as on a wrong password (bcrypt either way)', async () => {
    const client = auth.client();
    const { email } = await client.register();
    const unknown = `nobody-${randomUUID()}@example.com`;

    const wrong: number[] = [];
    const missing: number[] = [];
    for (let i = 0; i < 3; i++) {
      wrong.push((await timedLogin(client, email, 'not the password')).ms);
      missing.push((await timedLogin(client, unknown, 'not the password')).ms);
    }

    // A missing user without a dummy hash would answer in ~1 ms against bcrypt's ~70 ms.
    expect(median(missing)).toBeGreaterThan(median(wrong) * 0.5);
  });

  it('answers 400 for a body with an unknown field or without a password', async () => {
    const client = auth.client();

    const extra = await client.post('/users/login', {
      body: { email: 'a@example.com', password: 'x', remember: true },
    });
    const missing = await client.post('/users/login', { body: { email: 'a@example.com' } });

    expect(extra.status).toBe(400);
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ path: 'password', message: expect.any(String) }]);
  });
});
