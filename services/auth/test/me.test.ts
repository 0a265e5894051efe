import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { ACCESS_AUDIENCE, TokenSigner } from '@shop/identity';
import { useTestEnvironment } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import type { UserBody } from './fixtures/auth-client.js';
import { useTestAuthService } from './fixtures/auth-service.js';

const env = useTestEnvironment();

const auth = useTestAuthService(env);

describe('GET /users/me', () => {
  it('answers 200 with the signed-in user', async () => {
    const client = auth.client();
    const { tokens, user, email } = await client.signUp({ full_name: 'Grace Hopper' });

    const response = await client.get<UserBody>('/users/me', { token: tokens.access_token });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id: user.id,
      email,
      full_name: 'Grace Hopper',
      role: 'customer',
      created_at: user.created_at,
    });
  });

  it('answers 401 without a token, with a malformed one, and with one signed by another key', async () => {
    const client = auth.client();
    const { user } = await client.signUp();
    const stranger = new TokenSigner(
      generateKeyPairSync('ed25519').privateKey,
      auth.service.signer.kid,
      'shop-auth',
    );
    const forged = stranger.sign(
      { sub: String(user.id), sid: randomUUID(), role: 'admin', typ: 'access', aud: ACCESS_AUDIENCE },
      900,
    );

    const statuses = await Promise.all([
      client.get('/users/me'),
      client.get('/users/me', { token: 'not-a-jwt' }),
      client.get('/users/me', { token: forged }),
    ]);

    expect(statuses.map((response) => response.status)).toEqual([401, 401, 401]);
  });

  it('answers 401 to a still-valid token of a deleted user', async () => {
    const client = auth.client();
    const { tokens, user } = await client.signUp();
    await auth.sql`update users set deleted_at = now() where id = ${user.id}`;

    const response = await client.get('/users/me', { token: tokens.access_token });

    expect(response.status).toBe(401);
  });
});
