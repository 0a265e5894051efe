import { randomUUID } from 'node:crypto';
import { useTestEnvironment } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthClient } from './fixtures/auth-client.js';
import { type AuthHarness, startTestAuthService } from './fixtures/auth-service.js';

const env = useTestEnvironment();
let auth: AuthHarness;
// A second instance on the same database with small limits, for the per-address rules.
let strict: AuthHarness;

beforeAll(async () => {
  auth = await startTestAuthService(env);
  strict = await startTestAuthService(env, {
    LOGIN_MAX_FAILURES_PER_EMAIL: '3',
    LOGIN_MAX_FAILURES_PER_IP: '6',
  });
});
afterAll(async () => {
  await strict?.stop();
  await auth?.stop();
});

const wrong = (client: AuthClient, email: string) =>
  client.post('/users/login', { body: { email, password: 'wrong password' } });

async function attemptsOf(key: string): Promise<number | undefined> {
  const [row] = await auth.sql<
    { attempts: number }[]
  >`select attempts from login_attempts where key = ${key}`;
  return row?.attempts;
}

describe('login throttling at the default limits', () => {
  it('answers 429 with Retry-After from the 11th of 15 wrong passwords, even for the right one then', async () => {
    const client = auth.client();
    const { email, password } = await client.register();

    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) statuses.push((await wrong(client, email)).status);
    const rightPassword = await client.post('/users/login', { body: { email, password } });

    expect(statuses).toEqual([...Array(10).fill(401), ...Array(5).fill(429)]);
    expect(rightPassword.status).toBe(429);
    const retryAfter = Number(rightPassword.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(900);
    expect(rightPassword.body).toMatchObject({ status: 429, title: 'Too many requests' });
    expect(await attemptsOf(`email:${email.toLowerCase()}`)).toBeGreaterThanOrEqual(10);
  });

  it('lets no more than 10 of 20 simultaneous wrong guesses reach the password check', async () => {
    const client = auth.client();
    const { email } = await client.register();

    const responses = await Promise.all(Array.from({ length: 20 }, () => wrong(client, email)));

    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([...Array(10).fill(401), ...Array(10).fill(429)]);
  });

  it('counts an email in any case as one account', async () => {
    const client = auth.client();
    const { email } = await client.register({ email: `Mixed-${randomUUID()}@Example.com` });

    for (let i = 0; i < 5; i++) await wrong(client, email.toUpperCase());
    for (let i = 0; i < 5; i++) await wrong(client, email.toLowerCase());
    const eleventh = await wrong(client, email);

    expect(eleventh.status).toBe(429);
  });
});

describe('login throttling per email and per address (limits 3 and 6)', () => {
  it('a correct password clears the email count, so earlier failures no longer add up', async () => {
    const client = strict.client();
    const { email, password } = await client.register();

    await wrong(client, email);
    await wrong(client, email);
    const success = await client.post('/users/login', { body: { email, password } });
    const afterwards = [await wrong(client, email), await wrong(client, email), await wrong(client, email)];

    expect(success.status).toBe(200);
    expect(afterwards.map((response) => response.status)).toEqual([401, 401, 401]);
    expect(await attemptsOf(`email:${email.toLowerCase()}`)).toBe(3);
  });

  it('refuses an address after 6 failures across different emails, while another address still gets 401', async () => {
    const client = strict.client();
    const emails = Array.from({ length: 7 }, () => `spray-${randomUUID()}@example.com`);

    const statuses: number[] = [];
    for (const email of emails) statuses.push((await wrong(client, email)).status);
    const elsewhere = await wrong(new AuthClient(strict.origin), emails[0] as string);

    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
    expect(elsewhere.status).toBe(401);
    expect(await attemptsOf(`ip:${client.ip}`)).toBe(7);
  });

  it('takes the rightmost X-Forwarded-For entry as the address, not what the client put before it', async () => {
    const client = strict.client();
    const spoofing = (n: number) => ({ 'x-forwarded-for': `192.0.2.${n}, ${client.ip}` });

    for (let n = 0; n < 6; n++) {
      await client.post('/users/login', {
        body: { email: `x-${randomUUID()}@example.com`, password: 'wrong password' },
        headers: spoofing(n),
      });
    }
    const seventh = await client.post('/users/login', {
      body: { email: `x-${randomUUID()}@example.com`, password: 'wrong password' },
      headers: spoofing(9),
    });

    expect(seventh.status).toBe(429);
    expect(await attemptsOf('ip:192.0.2.0')).toBeUndefined();
  });
});
