import { randomUUID } from 'node:crypto';
import { useTestEnvironment } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import type { UserBody } from './fixtures/auth-client.js';
import { useTestAuthService } from './fixtures/auth-service.js';

const env = useTestEnvironment();

const auth = useTestAuthService(env);

const uniqueEmail = () => `reg-${randomUUID()}@example.com`;

async function activeRowsWithEmail(email: string) {
  return auth.sql<{ email: string; role: string; password_hash: string; full_name: string }[]>`
    select email, role, password_hash, full_name from users where lower(email) = lower(${email}) and deleted_at is null`;
}

describe('POST /users/add', () => {
  it('creates a customer, answers 201 with the public fields only and stores a bcrypt hash', async () => {
    const email = `  ${uniqueEmail()}  `;

    const response = await auth.client().post<UserBody>('/users/add', {
      body: { email, password: 'correct horse battery', full_name: 'Ada Lovelace' },
    });

    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.any(Number),
      email: email.trim(),
      full_name: 'Ada Lovelace',
      role: 'customer',
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const [row] = await activeRowsWithEmail(email.trim());
    expect(row).toMatchObject({ email: email.trim(), role: 'customer', full_name: 'Ada Lovelace' });
    expect(row?.password_hash).toMatch(/^\$2[aby]\$10\$/);
  });

  it('refuses a role in the body with 400 naming the field, and creates nothing', async () => {
    const email = uniqueEmail();

    const response = await auth.client().post('/users/add', {
      body: { email, password: 'correct horse battery', full_name: 'Mallory', role: 'admin' },
    });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.body.errors).toEqual([{ path: 'role', message: 'Unknown field' }]);
    expect(await activeRowsWithEmail(email)).toHaveLength(0);
  });

  it('refuses a password over 72 bytes with 400 although it is only 37 characters', async () => {
    const email = uniqueEmail();
    const password = 'é'.repeat(37); // 74 bytes of UTF-8

    const response = await auth.client().post('/users/add', { body: { email, password, full_name: 'Long' } });

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: 'password', message: expect.stringMatching(/72 bytes/) }]);
    expect(await activeRowsWithEmail(email)).toHaveLength(0);
  });

  it('accepts a password of exactly 72 bytes, and it logs in with exactly that password', async () => {
    const client = auth.client();
    const password = 'é'.repeat(36);
    const { email } = await client.register({ password });

    const exact = await client.post('/users/login', { body: { email, password } });
    const longer = await client.post('/users/login', { body: { email, password: `${password}x` } });

    expect(exact.status).toBe(200);
    expect(longer.status).toBe(400);
  });

  it('refuses a password under 8 bytes and a malformed email with 400 listing both', async () => {
    const response = await auth.client().post('/users/add', {
      body: { email: 'not-an-email', password: 'short', full_name: 'X' },
    });

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { path: 'email', message: expect.any(String) },
      { path: 'password', message: expect.any(String) },
    ]);
  });

  it('answers 409 for an email taken in another case, keeping the first account only', async () => {
    const client = auth.client();
    const { email } = await client.register({ email: `Case-${randomUUID()}@Example.com` });

    const response = await client.post('/users/add', {
      body: { email: email.toLowerCase(), password: 'another password', full_name: 'Copycat' },
    });

    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ title: 'Conflict', status: 409 });
    expect(await activeRowsWithEmail(email)).toEqual([
      expect.objectContaining({ email, full_name: 'Test User' }),
    ]);
  });

  it('lets exactly one of five simultaneous registrations of one email win', async () => {
    const email = uniqueEmail();
    const client = auth.client();

    const responses = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        client.post('/users/add', {
          body: { email, password: 'correct horse battery', full_name: `Racer ${i}` },
        }),
      ),
    );

    expect(responses.map((response) => response.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(await activeRowsWithEmail(email)).toHaveLength(1);
  });
});
