import { randomUUID } from 'node:crypto';
import { useTestEnvironment } from '@shop/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Tokens, UserBody } from './fixtures/auth-client.js';
import { useTestAuthService } from './fixtures/auth-service.js';

const env = useTestEnvironment();
let admin: Tokens;

const auth = useTestAuthService(env);

beforeAll(async () => {
  admin = await auth.client().logIn(auth.config.ADMIN_EMAIL, auth.config.ADMIN_PASSWORD);
});

type UserList = { items: UserBody[]; next_cursor: null };
const search = (email: string, token: string) =>
  auth.client().get<UserList>(`/users?email=${encodeURIComponent(email)}`, { token });

describe('GET /users?email=', () => {
  it('finds the one active user with that exact email in any case, for an admin', async () => {
    const email = `Ada.${randomUUID()}@Shop.test`;
    const { user } = await auth.client().signUp({ email });

    const found = await search(`  ${email.toUpperCase()} `, admin.access_token);

    expect(found.status).toBe(200);
    expect(found.body).toEqual({ items: [user], next_cursor: null });
    expect(found.body.items[0]).not.toHaveProperty('password_hash');
  });

  it('answers an empty list for an unknown email, a mere part of one, and a deleted account', async () => {
    const email = `gone.${randomUUID()}@shop.test`;
    const { user } = await auth.client().signUp({ email });
    await auth.sql`update users set deleted_at = now() where id = ${user.id}`;

    for (const query of [email, email.slice(0, 10), `nobody.${randomUUID()}@shop.test`]) {
      const response = await search(query, admin.access_token);
      expect(response.status, query).toBe(200);
      expect(response.body, query).toEqual({ items: [], next_cursor: null });
    }
  });

  it('refuses a customer with 403 problem+json and anyone unsigned with 401, finding nothing for them', async () => {
    const { tokens, email } = await auth.client().signUp();

    const asCustomer = await search(email, tokens.access_token);
    const anonymous = await auth.client().get(`/users?email=${encodeURIComponent(email)}`);

    expect(asCustomer.status).toBe(403);
    expect(asCustomer.headers.get('content-type')).toContain('application/problem+json');
    expect(asCustomer.body).not.toHaveProperty('items');
    expect(anonymous.status).toBe(401);
  });

  it('answers 400 without an email, with an empty or overlong one, or with another parameter', async () => {
    for (const query of [
      '',
      '?email=',
      '?email=%20%20',
      `?email=${'a'.repeat(255)}`,
      '?email=a@b.c&role=admin',
    ]) {
      const response = await auth.client().get(`/users${query}`, { token: admin.access_token });
      expect(response.status, query).toBe(400);
      expect(response.headers.get('content-type'), query).toContain('application/problem+json');
    }
  });
});
