import { randomUUID } from 'node:crypto';
import { useTestEnvironment } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import type { AuthClient } from './fixtures/auth-client.js';
import { type AuthHarness, useTestAuthService } from './fixtures/auth-service.js';

const env = useTestEnvironment();
// One hashing thread, as on a small machine, with room for 200 waiting hashes: a flood that reached
// bcrypt ahead of logins would make every login wait behind it.
const oneWorker = useTestAuthService(env, {
  BCRYPT_WORKERS: '1',
  BCRYPT_MAX_QUEUED_HASHES: '200',
  REGISTRATION_PER_IP_PER_HOUR: '5',
});
// Room for one waiting hash only, so a burst overflows the queue.
const tinyQueue = useTestAuthService(env, {
  BCRYPT_WORKERS: '1',
  BCRYPT_MAX_QUEUED_HASHES: '1',
  REGISTRATION_PER_IP_PER_HOUR: '1000',
});

// A login is one ~70 ms check plus at most the hash in progress; behind 100 queued hashes it took ~7 s.
// The margin is for a 2-core machine shared with other test files.
const LOGIN_BOUND_MS = 2500;

const account = () => ({
  email: `flood-${randomUUID()}@example.com`,
  password: 'correct horse battery',
  full_name: 'Flood',
});

async function activeUsersLike(harness: AuthHarness, pattern: string): Promise<number> {
  const [row] = await harness.sql<{ n: number }[]>`
    select count(*)::int as n from users where email like ${pattern} and deleted_at is null`;
  return row?.n ?? 0;
}

/** Starts `count` registrations at once and resolves when the first has answered (all have arrived by then). */
async function flood(clients: () => AuthClient, count: number) {
  const all = Array.from({ length: count }, () => clients().post('/users/add', { body: account() }));
  await Promise.race(all);
  return all;
}

describe('registration cannot be used to flood auth', () => {
  it('refuses the 6th registration of an hour from one address with 429 and Retry-After, creating nothing', async () => {
    const client = oneWorker.client();
    for (let i = 0; i < 5; i++) await client.register();
    const sixth = account();

    const refused = await client.post('/users/add', { body: sixth });
    const elsewhere = await oneWorker.client().post('/users/add', { body: account() });

    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(await activeUsersLike(oneWorker, sixth.email)).toBe(0);
    expect(elsewhere.status).toBe(201);
  });

  it('answers a login within a bound while one address floods registrations', async () => {
    const user = await oneWorker.client().register();
    const floodingClient = oneWorker.client();
    const requests = await flood(() => floodingClient, 100);

    const started = performance.now();
    const login = await oneWorker.client().post('/users/login', {
      body: { email: user.email, password: user.password },
    });
    const elapsedMs = performance.now() - started;

    expect(login.status).toBe(200);
    expect(elapsedMs).toBeLessThan(LOGIN_BOUND_MS);
    const statuses = (await Promise.all(requests)).map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(95);
  });

  it('answers a login within a bound while 100 addresses flood registrations (logins go first)', async () => {
    const user = await oneWorker.client().register();
    const requests = await flood(() => oneWorker.client(), 100);

    const started = performance.now();
    const login = await oneWorker.client().post('/users/login', {
      body: { email: user.email, password: user.password },
    });
    const elapsedMs = performance.now() - started;

    expect(login.status).toBe(200);
    expect(elapsedMs).toBeLessThan(LOGIN_BOUND_MS);
    const statuses = (await Promise.all(requests)).map((response) => response.status);
    expect(statuses.every((status) => status === 201)).toBe(true);
  });

  it('answers 503 with Retry-After once the hashing queue is full, and creates only the accounts it answered 201', async () => {
    const responses = await Promise.all(await flood(() => tinyQueue.client(), 30));

    const statuses = responses.map((response) => response.status);
    const unavailable = responses.filter((response) => response.status === 503);
    expect(statuses.every((status) => status === 201 || status === 503)).toBe(true);
    expect(unavailable.length).toBeGreaterThan(0);
    expect(unavailable[0]?.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(unavailable[0]?.headers.get('content-type')).toBe('application/problem+json');
    const created = responses.filter((response) => response.status === 201).map((r) => r.body.email);
    for (const email of created) expect(await activeUsersLike(tinyQueue, String(email))).toBe(1);
  });

  it('answers 409 for a taken email before hashing: a burst of them never fills the hashing queue', async () => {
    const { email } = await tinyQueue.client().register();

    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        tinyQueue.client().post('/users/add', { body: { ...account(), email: email.toUpperCase() } }),
      ),
    );

    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(409));
  });
});
