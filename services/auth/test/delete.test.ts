import { INTERNAL_TOKEN_HEADER } from '@shop/identity';
import { useEventTap, useTestEnvironment } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { useTestAuthService } from './fixtures/auth-service.js';
import { accessTokensExpiryAfter, outboxEvents, sessionsOf } from './fixtures/rows.js';

const env = useTestEnvironment();

const auth = useTestAuthService(env);
const tap = useEventTap(env);

async function deletedAtOf(userId: number): Promise<Date | null | undefined> {
  const [row] = await auth.sql<
    { deleted_at: Date | null }[]
  >`select deleted_at from users where id = ${userId}`;
  return row?.deleted_at;
}

describe('DELETE /users/delete', () => {
  it('soft-deletes the account, ends every session and announces user.deleted in the outbox and on the broker', async () => {
    const client = auth.client();
    const { tokens, user, email, password } = await client.signUp();
    await client.logIn(email, password);

    const response = await client.delete('/users/delete', {
      token: tokens.access_token,
      body: { current_password: password },
    });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'deleted' });
    const [row] = await auth.sql<
      { deleted_at: Date | null }[]
    >`select deleted_at from users where id = ${user.id}`;
    expect(row?.deleted_at).toBeInstanceOf(Date);
    const sessions = await sessionsOf(auth.sql, user.id);
    expect(sessions).toHaveLength(2);
    expect(sessions.every((session) => session.revoked_reason === 'user_deleted')).toBe(true);
    const events = await outboxEvents(auth.sql, 'user.deleted');
    expect(events.filter((event) => event.data.user_id === user.id)).toEqual([
      expect.objectContaining({ type: 'user.deleted', source: 'auth', data: { user_id: user.id } }),
    ]);
    await tap.waitFor('user.deleted', (event) => event.data.user_id === user.id);
  });

  it('makes login fail with 401 afterwards, and the old tokens with it', async () => {
    const client = auth.client();
    const { tokens, email, password } = await client.signUp();

    await client.delete('/users/delete', {
      token: tokens.access_token,
      body: { current_password: password },
    });

    expect((await client.post('/users/login', { body: { email, password } })).status).toBe(401);
    expect((await client.get('/users/me', { token: tokens.access_token })).status).toBe(401);
    expect(
      (await client.post('/users/refresh', { body: { refresh_token: tokens.refresh_token } })).status,
    ).toBe(401);
    const again = { token: tokens.access_token, body: { current_password: password } };
    expect((await client.delete('/users/delete', again)).status).toBe(401);
  });

  it('frees the email for a new account', async () => {
    const client = auth.client();
    const { tokens, email, user, password } = await client.signUp();
    await client.delete('/users/delete', {
      token: tokens.access_token,
      body: { current_password: password },
    });

    const again = await client.register({ email: email.toUpperCase() });

    expect(again.user.id).not.toBe(user.id);
    expect((await client.post('/users/login', { body: { email, password: again.password } })).status).toBe(
      200,
    );
  });

  it('lists the deleted user in /internal/revocations until its access tokens expire', async () => {
    const client = auth.client();
    const { tokens, user, password } = await client.signUp();
    await client.delete('/users/delete', {
      token: tokens.access_token,
      body: { current_password: password },
    });

    const response = await client.get<{ users: Array<{ user_id: number; expires_at: string }> }>(
      '/internal/revocations',
      { headers: { [INTERNAL_TOKEN_HEADER]: auth.config.INTERNAL_TOKEN } },
    );

    const [row] = await auth.sql<{ deleted_at: Date }[]>`select deleted_at from users where id = ${user.id}`;
    const expiresAt = accessTokensExpiryAfter(row?.deleted_at);
    expect(response.body.users).toContainEqual({ user_id: user.id, expires_at: expiresAt });
  });

  it('answers 401 without a token', async () => {
    const body = { current_password: 'correct horse battery' };
    expect((await auth.client().delete('/users/delete', { body })).status).toBe(401);
  });

  it('with a wrong current_password answers 403 and deletes nothing, ends no session', async () => {
    const client = auth.client();
    const { tokens, user } = await client.signUp();

    const response = await client.delete('/users/delete', {
      token: tokens.access_token,
      body: { current_password: 'not the password' },
    });

    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await deletedAtOf(user.id)).toBeNull();
    expect(await sessionsOf(auth.sql, user.id)).toEqual([expect.objectContaining({ revoked_at: null })]);
    expect((await client.get('/users/me', { token: tokens.access_token })).status).toBe(200);
  });

  it('without current_password (or without a body) answers 400 naming the field and deletes nothing', async () => {
    const client = auth.client();
    const { tokens, user } = await client.signUp();

    const emptyBody = await client.delete('/users/delete', { token: tokens.access_token, body: {} });
    const noBody = await client.delete('/users/delete', { token: tokens.access_token });

    expect(emptyBody.status).toBe(400);
    expect(emptyBody.body.errors).toEqual([{ path: 'current_password', message: expect.any(String) }]);
    expect(noBody.status).toBe(400);
    expect(await deletedAtOf(user.id)).toBeNull();
  });

  it('counts wrong current_password guesses like failed logins: 429 once the budget is spent', async () => {
    const client = auth.client();
    const { tokens, password } = await client.signUp();
    const guess = (currentPassword: string) =>
      client.delete('/users/delete', {
        token: tokens.access_token,
        body: { current_password: currentPassword },
      });

    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await guess(`wrong guess ${i}`)).status);
    const right = await guess(password);

    expect(statuses).toEqual([...Array(10).fill(403), 429]);
    expect(right.status).toBe(429);
    expect(right.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
