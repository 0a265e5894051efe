import { randomUUID } from 'node:crypto';
import { useTestEnvironment, waitFor } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { useTestAuthService } from './fixtures/auth-service.js';

const env = useTestEnvironment();
// Retention every second, so the running service's own loop does the purging.
const auth = useTestAuthService(env, {
  RETENTION_INTERVAL_MS: '1000',
  LOGIN_WINDOW_SECONDS: '900',
  SESSION_RETENTION_DAYS: '7',
});

describe('auth retention', () => {
  it('deletes sessions ended longer ago than SESSION_RETENTION_DAYS and keeps what reuse detection and revocation lists need', async () => {
    const [user] = await auth.sql<{ id: number }[]>`
      insert into users (email, password_hash, full_name) values (${`${randomUUID()}@example.com`}, 'x', 'Old Sessions')
      returning id`;
    const sessions = {
      live: { expires: '30 days', revoked: null },
      expiredLongAgo: { expires: '-8 days', revoked: null },
      expiredRecently: { expires: '-6 days', revoked: null },
      revokedLongAgoTokenStillValid: { expires: '20 days', revoked: '-8 days' },
      revokedAndExpiredLongAgo: { expires: '-8 days', revoked: '-8 days' },
      revokedRecentlyAfterExpiry: { expires: '-8 days', revoked: '-1 hour' },
    };
    const ids = new Map<string, string>();
    for (const [name, { expires, revoked }] of Object.entries(sessions)) {
      const id = randomUUID();
      ids.set(id, name);
      await auth.sql`
        insert into sessions (id, user_id, refresh_token_hash, created_at, expires_at, revoked_at, revoked_reason)
        values (${id}, ${user?.id ?? 0}, 'hash', now() - interval '40 days', now() + ${expires}::interval,
                now() + ${revoked}::interval, ${revoked ? 'logout' : null})`;
    }
    const left = async () => {
      const rows = await auth.sql<{ id: string }[]>`select id from sessions where user_id = ${user?.id ?? 0}`;
      return rows.map((row) => ids.get(row.id)).sort();
    };

    await waitFor(left, {
      until: (names) => names.length === 4,
      what: 'two sessions purged',
      timeoutMs: 15_000,
    });

    expect(await left()).toEqual(
      ['live', 'expiredRecently', 'revokedLongAgoTokenStillValid', 'revokedRecentlyAfterExpiry'].sort(),
    );
  });

  it('deletes login attempts whose throttle window has passed and keeps the current ones', async () => {
    const [expired, current] = [`email:${randomUUID()}`, `email:${randomUUID()}`];
    await auth.sql`insert into login_attempts (key, window_started_at, attempts) values
      (${expired}, now() - interval '16 minutes', 9), (${current}, now() - interval '14 minutes', 9)`;
    const left = async () =>
      (
        await auth.sql<
          { key: string }[]
        >`select key from login_attempts where key in (${expired}, ${current})`
      ).map((row) => row.key);

    await waitFor(left, {
      until: (keys) => keys.length === 1,
      what: 'the expired window purged',
      timeoutMs: 15_000,
    });

    expect(await left()).toEqual([current]);
  });

  it('purges the inbox, outbox and dead letters of its schema too', async () => {
    await auth.sql`insert into inbox (message_id, type, received_at)
                   values (${randomUUID()}, 'user.deleted', now() - interval '15 days')`;
    const old = async () =>
      (
        await auth.sql<
          { n: number }[]
        >`select count(*)::int as n from inbox where received_at < now() - interval '14 days'`
      )[0]?.n;

    expect(
      await waitFor(old, { until: (n) => n === 0, what: 'the old inbox id purged', timeoutMs: 15_000 }),
    ).toBe(0);
  });
});
