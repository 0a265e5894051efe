import { randomUUID } from 'node:crypto';
import { useTestEnvironment } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { AuthClient } from './fixtures/auth-client.js';
import { useTestAuthService } from './fixtures/auth-service.js';

const env = useTestEnvironment();
const auth = useTestAuthService(env);
// A second instance on the same database with small limits: 3 per (email, address), 6 per address,
// a ceiling of 5 per email across addresses.
const strict = useTestAuthService(env, {
  LOGIN_MAX_FAILURES_PER_EMAIL_AND_IP: '3',
  LOGIN_MAX_FAILURES_PER_IP: '6',
  LOGIN_MAX_FAILURES_PER_EMAIL: '5',
});

const wrong = (client: AuthClient, email: string) =>
  client.post('/users/login', { body: { email, password: 'wrong password' } });
const right = (client: AuthClient, email: string, password: string) =>
  client.post('/users/login', { body: { email, password } });
const pairKey = (client: AuthClient, email: string) => `pair:${client.ip}|${email.toLowerCase()}`;

async function attemptsOf(key: string): Promise<number | undefined> {
  const [row] = await auth.sql<
    { attempts: number }[]
  >`select attempts from login_attempts where key = ${key}`;
  return row?.attempts;
}

describe('login throttling at the default limits', () => {
  it('answers 429 with Retry-After from the 11th of 15 wrong passwords from one address, even for the right one then', async () => {
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
    expect(await attemptsOf(pairKey(client, email))).toBeGreaterThanOrEqual(10);
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

  it('lets the admin sign in from their address while an attacker elsewhere has failed 50 times', async () => {
    const attacker = auth.client();
    const admin = auth.client();
    const adminEmail = auth.config.ADMIN_EMAIL;

    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) statuses.push((await wrong(attacker, adminEmail)).status);
    const refused = await wrong(attacker, adminEmail);
    const signIn = await right(admin, adminEmail, auth.config.ADMIN_PASSWORD);

    expect(statuses).toEqual([...Array(10).fill(401), ...Array(40).fill(429)]);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(signIn.status).toBe(200);
  });

  it('refuses an address spraying one password over 51 emails from the 51st on', async () => {
    const sprayer = auth.client();

    const statuses: number[] = [];
    for (let i = 0; i < 52; i++)
      statuses.push((await wrong(sprayer, `spray-${randomUUID()}@example.com`)).status);

    expect(statuses).toEqual([...Array(50).fill(401), 429, 429]);
    expect(await attemptsOf(`ip:${sprayer.ip}`)).toBe(52);
  });

  it('counts "İ" in an email where the lookup finds the account, and "i̇" (i + U+0307) as its own address', async () => {
    const client = auth.client();
    const { email } = await client.register({ email: `dotted-i-${randomUUID()}@example.com` });
    const capitalDotted = email.replaceAll('i', 'İ'); // PostgreSQL lower(): 'İ' → 'i', the account
    const combining = email.replaceAll('i', 'i\u0307'); // JS toLowerCase() of 'İ', another address for lower()

    for (let i = 0; i < 10; i++) await wrong(client, capitalDotted);
    const plain = await wrong(client, email);
    const decomposed = await wrong(client, combining);

    expect(plain.status).toBe(429);
    expect(decomposed.status).toBe(401);
  });
});

describe('login throttling per (email, address), per address and per email (limits 3, 6 and 5)', () => {
  it('a correct password clears the (email, address) count, so earlier failures no longer add up', async () => {
    const client = strict.client();
    const { email, password } = await client.register();

    await wrong(client, email);
    await wrong(client, email);
    const success = await client.post('/users/login', { body: { email, password } });
    const afterwards = [await wrong(client, email), await wrong(client, email), await wrong(client, email)];

    expect(success.status).toBe(200);
    expect(afterwards.map((response) => response.status)).toEqual([401, 401, 401]);
    expect(await attemptsOf(pairKey(client, email))).toBe(3);
  });

  it('past the per-email ceiling, refuses addresses that failed but lets a clean one sign in', async () => {
    const owner = strict.client();
    const { email, password } = await owner.register();
    const attackers = [strict.client(), strict.client(), strict.client()];
    for (const attacker of attackers) {
      await wrong(attacker, email);
      await wrong(attacker, email);
    }

    const failedBefore = await wrong(attackers[0] as AuthClient, email);
    const ownerSignIn = await right(owner, email, password);
    const newcomer = strict.client();
    const newcomerFirst = await wrong(newcomer, email);
    const newcomerSecond = await wrong(newcomer, email);

    expect(failedBefore.status).toBe(429);
    expect(ownerSignIn.status).toBe(200);
    expect(newcomerFirst.status).toBe(401);
    expect(newcomerSecond.status).toBe(429);
    expect(newcomerSecond.headers.get('retry-after')).toMatch(/^\d+$/);
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
