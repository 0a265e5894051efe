import { useEventTap, useTestEnvironment } from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Tokens, UserBody } from './fixtures/auth-client.js';
import { useTestAuthService } from './fixtures/auth-service.js';
import { claimsOf, outboxEvents, sessionsOf } from './fixtures/rows.js';

const env = useTestEnvironment();
let admin: Tokens;

const auth = useTestAuthService(env);
const tap = useEventTap(env);

beforeAll(async () => {
  admin = await auth.client().logIn(auth.config.ADMIN_EMAIL, auth.config.ADMIN_PASSWORD);
});

async function roleOf(id: number) {
  const [row] = await auth.sql<{ role: string }[]>`select role from users where id = ${id}`;
  return row?.role;
}

describe('PUT /users/role', () => {
  it("an admin promotes a customer: 200 with the user, and the customer's sessions end with events", async () => {
    const client = auth.client();
    const { user, tokens, email, password } = await client.signUp();
    const sessionId = claimsOf(tokens.access_token).sid;

    const response = await client.put<UserBody>('/users/role', {
      token: admin.access_token,
      body: { user_id: user.id, role: 'admin' },
    });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ...user, role: 'admin' });
    expect(await roleOf(user.id)).toBe('admin');
    expect(await sessionsOf(auth.sql, user.id)).toEqual([
      expect.objectContaining({ id: sessionId, revoked_reason: 'role_change' }),
    ]);
    const events = await outboxEvents(auth.sql, 'session.revoked');
    expect(events.filter((event) => event.data.user_id === user.id)).toHaveLength(1);
    await tap.waitFor('session.revoked', (event) => event.data.session_id === sessionId);
    expect(
      (await client.post('/users/refresh', { body: { refresh_token: tokens.refresh_token } })).status,
    ).toBe(401);
    const next = await client.logIn(email, password);
    expect(claimsOf(next.access_token).role).toBe('admin');
  });

  it('answers 403 to a customer and changes nothing', async () => {
    const client = auth.client();
    const target = await client.register();
    const { tokens } = await client.signUp();

    const response = await client.put('/users/role', {
      token: tokens.access_token,
      body: { user_id: target.user.id, role: 'admin' },
    });

    expect(response.status).toBe(403);
    expect(await roleOf(target.user.id)).toBe('customer');
  });

  it('answers 404 for an unknown user and for a deleted one', async () => {
    const client = auth.client();
    const deleted = await client.register();
    await auth.sql`update users set deleted_at = now() where id = ${deleted.user.id}`;

    const unknown = await client.put('/users/role', {
      token: admin.access_token,
      body: { user_id: 999_999, role: 'admin' },
    });
    const gone = await client.put('/users/role', {
      token: admin.access_token,
      body: { user_id: deleted.user.id, role: 'admin' },
    });

    expect(unknown.status).toBe(404);
    expect(gone.status).toBe(404);
  });

  it('answers 400 to an unknown role or a missing user_id', async () => {
    const client = auth.client();

    const badRole = await client.put('/users/role', {
      token: admin.access_token,
      body: { user_id: 1, role: 'root' },
    });
    const noUser = await client.put('/users/role', { token: admin.access_token, body: { role: 'admin' } });

    expect(badRole.status).toBe(400);
    expect(noUser.status).toBe(400);
  });

  it('setting the role a user already has answers 200 and keeps their sessions', async () => {
    const client = auth.client();
    const { user } = await client.signUp();

    const response = await client.put('/users/role', {
      token: admin.access_token,
      body: { user_id: user.id, role: 'customer' },
    });

    expect(response.status).toBe(200);
    expect(await sessionsOf(auth.sql, user.id)).toEqual([expect.objectContaining({ revoked_at: null })]);
  });
});
