import { randomUUID } from 'node:crypto';
import { useEventTap, useTestEnvironment } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import type { UserBody } from './fixtures/auth-client.js';
import { useTestAuthService } from './fixtures/auth-service.js';
import { claimsOf, outboxEvents, sessionsOf } from './fixtures/rows.js';

const env = useTestEnvironment();

const auth = useTestAuthService(env);
const tap = useEventTap(env);

async function storedUser(id: number) {
  const [row] = await auth.sql<{ email: string; full_name: string; password_hash: string }[]>`
    select email, full_name, password_hash from users where id = ${id}`;
  return row;
}

describe('PUT /users/update', () => {
  it('changes the full name without the current password and answers 200 with the user', async () => {
    const client = auth.client();
    const { tokens, user } = await client.signUp();

    const response = await client.put<UserBody>('/users/update', {
      token: tokens.access_token,
      body: { full_name: 'New Name' },
    });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ...user, full_name: 'New Name' });
    expect(await storedUser(user.id)).toMatchObject({ full_name: 'New Name' });
  });

  it('changes the email with the current password', async () => {
    const client = auth.client();
    const { tokens, user, password } = await client.signUp();
    const email = `moved-${randomUUID()}@example.com`;

    const response = await client.put<UserBody>('/users/update', {
      token: tokens.access_token,
      body: { email, current_password: password },
    });

    expect(response.status).toBe(200);
    expect(response.body.email).toBe(email);
    expect(await storedUser(user.id)).toMatchObject({ email });
    expect((await client.post('/users/login', { body: { email, password } })).status).toBe(200);
  });

  it('answers 400 naming current_password when the email or password changes without it', async () => {
    const client = auth.client();
    const { tokens, user, email } = await client.signUp();

    const response = await client.put('/users/update', {
      token: tokens.access_token,
      body: { email: `other-${randomUUID()}@example.com` },
    });

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: 'current_password', message: expect.any(String) }]);
    expect(await storedUser(user.id)).toMatchObject({ email });
  });

  it('answers 403 to a wrong current password and changes nothing', async () => {
    const client = auth.client();
    const { tokens, user } = await client.signUp();
    const before = await storedUser(user.id);

    const response = await client.put('/users/update', {
      token: tokens.access_token,
      body: { password: 'a brand new password', current_password: 'not my password' },
    });

    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({
      title: 'Forbidden',
      detail: expect.stringMatching(/current_password/),
    });
    expect(await storedUser(user.id)).toEqual(before);
  });

  it('answers 409 when the new email belongs to another account in any case', async () => {
    const client = auth.client();
    const taken = await client.register();
    const { tokens, password, user, email } = await client.signUp();

    const response = await client.put('/users/update', {
      token: tokens.access_token,
      body: { email: taken.email.toUpperCase(), current_password: password },
    });

    expect(response.status).toBe(409);
    expect(await storedUser(user.id)).toMatchObject({ email });
  });

  it('answers 400 to an empty body, an unknown field and a new password over 72 bytes', async () => {
    const client = auth.client();
    const { tokens, password } = await client.signUp();

    const responses = await Promise.all(
      [{}, { role: 'admin' }, { password: 'x'.repeat(73), current_password: password }].map((body) =>
        client.put('/users/update', { token: tokens.access_token, body }),
      ),
    );

    expect(responses.map((response) => response.status)).toEqual([400, 400, 400]);
  });

  it("a new password ends the user's other sessions (one event each) but keeps the current one", async () => {
    const client = auth.client();
    const { tokens, user, email, password } = await client.signUp();
    const others = [await client.logIn(email, password), await client.logIn(email, password)];
    const otherIds = others.map((pair) => claimsOf(pair.access_token).sid);

    const response = await client.put('/users/update', {
      token: tokens.access_token,
      body: { password: 'a brand new password', current_password: password },
    });

    expect(response.status).toBe(200);
    const sessions = await sessionsOf(auth.sql, user.id);
    expect(
      sessions
        .filter((s) => s.revoked_reason === 'password_change')
        .map((s) => s.id)
        .sort(),
    ).toEqual([...otherIds].sort());
    expect(sessions.find((s) => s.id === claimsOf(tokens.access_token).sid)?.revoked_at).toBeNull();
    const events = await outboxEvents(auth.sql, 'session.revoked');
    const ofUser = events.filter((event) => event.data.user_id === user.id);
    expect(ofUser.map((event) => event.data.session_id).sort()).toEqual([...otherIds].sort());
    for (const sessionId of otherIds) {
      await tap.waitFor('session.revoked', (event) => event.data.session_id === sessionId);
    }
    expect((await client.get('/users/me', { token: tokens.access_token })).status).toBe(200);
    expect(
      (await client.post('/users/refresh', { body: { refresh_token: others[0]?.refresh_token } })).status,
    ).toBe(401);
    expect((await client.post('/users/login', { body: { email, password } })).status).toBe(401);
    expect(
      (await client.post('/users/login', { body: { email, password: 'a brand new password' } })).status,
    ).toBe(200);
  });
});
