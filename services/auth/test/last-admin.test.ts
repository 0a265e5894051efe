import { useTestEnvironment } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { useTestAuthService } from './fixtures/auth-service.js';

// Its own file: these tests need to know exactly how many admins exist.
const env = useTestEnvironment();

const auth = useTestAuthService(env);

async function activeAdmins(): Promise<number> {
  const [row] = await auth.sql<{ n: number }[]>`
    select count(*)::int as n from users where role = 'admin' and deleted_at is null`;
  return row?.n ?? 0;
}

describe('the last admin', () => {
  it('cannot demote themselves (409) nor delete their account (409), and stays admin', async () => {
    const client = auth.client();
    const admin = await client.logIn(auth.config.ADMIN_EMAIL, auth.config.ADMIN_PASSWORD);
    const me = await client.get<{ id: number }>('/users/me', { token: admin.access_token });

    const demote = await client.put('/users/role', {
      token: admin.access_token,
      body: { user_id: me.body.id, role: 'customer' },
    });
    const remove = await client.delete('/users/delete', {
      token: admin.access_token,
      body: { current_password: auth.config.ADMIN_PASSWORD },
    });

    expect(demote.status).toBe(409);
    expect(remove.status).toBe(409);
    expect(await activeAdmins()).toBe(1);
  });

  it('may step down once another admin exists', async () => {
    const client = auth.client();
    const admin = await client.logIn(auth.config.ADMIN_EMAIL, auth.config.ADMIN_PASSWORD);
    const me = await client.get<{ id: number }>('/users/me', { token: admin.access_token });
    const { user } = await client.register();
    await client.put('/users/role', { token: admin.access_token, body: { user_id: user.id, role: 'admin' } });

    const demote = await client.put('/users/role', {
      token: admin.access_token,
      body: { user_id: me.body.id, role: 'customer' },
    });

    expect(demote.status).toBe(200);
    expect(await activeAdmins()).toBe(1);
  });
});
