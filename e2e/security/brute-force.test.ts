// Issue 13, brute force and spraying against two auth replicas sharing one database: the budgets hold
// across replicas (429 with Retry-After, whichever replica answers), and failures from one address never
// lock the account for another (the only admin still signs in).
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useTestEnvironment } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authConfigSchema } from '../../services/auth/src/config.js';
import { startAuthService } from '../../services/auth/src/service.js';

const env = useTestEnvironment();
const ADMIN = { email: 'admin@shop.local', password: 'admin-password-123' };
let replicas: Array<{ url: string; stop(): Promise<void> }>;

beforeAll(async () => {
  const keyFile = join(await mkdtemp(join(tmpdir(), 'shop-brute-')), 'auth.pem');
  const settings = {
    ...env.env,
    LOG_LEVEL: 'silent',
    PORT: '0',
    DEV_KEY_FILE: keyFile,
    INTERNAL_TOKEN: randomBytes(32).toString('hex'),
  };
  replicas = [];
  for (let i = 0; i < 2; i++) {
    const auth = await startAuthService(authConfigSchema.parse(settings));
    replicas.push({ url: `http://127.0.0.1:${auth.port}`, stop: () => auth.stop() });
  }
});

afterAll(async () => {
  for (const replica of replicas ?? []) await replica.stop();
});

/** A sign-in at replica `i % 2` as a client at `address` (the test connects from loopback, a trusted proxy). */
async function logIn(i: number, address: string, email: string, password: string) {
  const response = await fetch(`${replicas[i % 2]?.url}/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ email, password }),
  });
  await response.arrayBuffer();
  return { status: response.status, retryAfter: response.headers.get('retry-after') };
}

describe('brute force and spraying across two auth replicas', () => {
  it('the 11th wrong password for one email from one address is 429 with Retry-After on either replica; the admin still signs in from another address', async () => {
    const guesses = [];
    for (let i = 0; i < 12; i++) guesses.push(await logIn(i, '203.0.113.7', ADMIN.email, `guess-${i}-wrong`));

    expect(guesses.slice(0, 10).map((g) => g.status)).toEqual(Array(10).fill(401));
    for (const refused of guesses.slice(10)) {
      expect(refused.status).toBe(429);
      expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    }
    expect((await logIn(0, '198.51.100.20', ADMIN.email, ADMIN.password)).status).toBe(200);
    expect((await logIn(1, '198.51.100.21', ADMIN.email, ADMIN.password)).status).toBe(200);
  });

  it('one password sprayed over 51 emails from one address is refused at the 51st, on either replica', async () => {
    const tries = [];
    for (let i = 0; i < 52; i++)
      tries.push(await logIn(i, '203.0.113.9', `sprayed-${i}@shop.test`, 'Summer2026!'));

    expect(tries.slice(0, 50).every((t) => t.status === 401)).toBe(true);
    expect(tries.slice(50).map((t) => t.status)).toEqual([429, 429]);
    expect(Number(tries[50]?.retryAfter)).toBeGreaterThan(0);
  });
});
