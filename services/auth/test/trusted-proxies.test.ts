import { randomUUID } from 'node:crypto';
import { describeConfigError } from '@shop/platform';
import { useTestEnvironment } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { authConfigSchema } from '../src/config.js';
import { AuthClient } from './fixtures/auth-client.js';
import { type AuthHarness, useTestAuthService } from './fixtures/auth-service.js';

const env = useTestEnvironment();
// Trusts only an address the test never comes from: the test's requests are direct clients.
// Trusts loopback (the gateway) and a load balancer subnet in front of it.

const direct = useTestAuthService(env, { TRUSTED_PROXIES: '192.0.2.1', LOGIN_MAX_FAILURES_PER_IP: '3' });
const behindBalancer = useTestAuthService(env, { TRUSTED_PROXIES: '127.0.0.0/8, ::1, 10.200.0.0/16' });

const failWith = (harness: AuthHarness, forwardedFor: string) =>
  new AuthClient(harness.origin, forwardedFor).post('/users/login', {
    body: { email: `p-${randomUUID()}@example.com`, password: 'wrong password' },
  });

async function attemptsOf(key: string): Promise<number | undefined> {
  const [row] = await direct.sql<
    { attempts: number }[]
  >`select attempts from login_attempts where key = ${key}`;
  return row?.attempts;
}

describe('client address behind trusted proxies (TRUSTED_PROXIES)', () => {
  it('throttles a direct client by its socket address, whatever X-Forwarded-For it forges', async () => {
    const statuses: number[] = [];
    for (let n = 1; n <= 4; n++) statuses.push((await failWith(direct, `198.51.100.${n}`)).status);

    expect(statuses).toEqual([401, 401, 401, 429]);
    expect(await attemptsOf('ip:127.0.0.1')).toBe(4);
    expect(await attemptsOf('ip:198.51.100.1')).toBeUndefined();
  });

  it('walks X-Forwarded-For from the right past trusted hops to the first untrusted address', async () => {
    await failWith(behindBalancer, '203.0.113.9, 10.200.0.5');
    await failWith(behindBalancer, '198.51.100.77, 203.0.113.9, 10.200.0.5');

    expect(await attemptsOf('ip:203.0.113.9')).toBe(2);
    expect(await attemptsOf('ip:10.200.0.5')).toBeUndefined();
    expect(await attemptsOf('ip:198.51.100.77')).toBeUndefined();
  });

  it('by default trusts the loopback addresses, where npm start runs the gateway', () => {
    const config = authConfigSchema.parse({});

    expect(config.TRUSTED_PROXIES.check('127.0.0.1')).toBe(true);
    expect(config.TRUSTED_PROXIES.check('::1', 'ipv6')).toBe(true);
    expect(config.TRUSTED_PROXIES.check('10.0.0.1')).toBe(false);
  });

  it('refuses a malformed entry at start-up, naming TRUSTED_PROXIES', () => {
    const result = authConfigSchema.safeParse({ TRUSTED_PROXIES: '127.0.0.1, proxy.local, 10.0.0.0/33' });

    expect(result.success).toBe(false);
    expect(result.success ? '' : describeConfigError(result.error)).toMatch(
      /TRUSTED_PROXIES: .*proxy\.local.*10\.0\.0\.0\/33/,
    );
  });
});
