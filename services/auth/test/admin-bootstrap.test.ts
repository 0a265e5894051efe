import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { useTestEnvironment } from '@shop/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { type AuthHarness, startTestAuthService } from './fixtures/auth-service.js';

const env = useTestEnvironment();
const running: AuthHarness[] = [];

afterAll(async () => {
  await Promise.all(running.map((harness) => harness.stop()));
});

async function start(overrides: Record<string, string>): Promise<AuthHarness> {
  const harness = await startTestAuthService(env, overrides);
  running.push(harness);
  return harness;
}

/** An admin identity no other test uses. */
function freshAdmin() {
  return { ADMIN_EMAIL: `root-${randomUUID()}@shop.test`, ADMIN_PASSWORD: 'first-admin-password' };
}

async function accountsWithEmail(harness: AuthHarness, email: string) {
  return harness.sql<{ role: string }[]>`
    select role from users where lower(email) = lower(${email}) and deleted_at is null`;
}

describe('admin bootstrap at start-up', () => {
  it('two replicas starting together create exactly one admin', async () => {
    const admin = freshAdmin();

    const [first] = await Promise.all([start(admin), start(admin)]);

    expect(await accountsWithEmail(first as AuthHarness, admin.ADMIN_EMAIL)).toEqual([{ role: 'admin' }]);
  });

  it('a restart with another ADMIN_PASSWORD keeps the one admin and its original password', async () => {
    const admin = freshAdmin();
    await start(admin);

    const restarted = await start({ ...admin, ADMIN_PASSWORD: 'a-different-password' });

    const client = restarted.client();
    const original = await client.post('/users/login', {
      body: { email: admin.ADMIN_EMAIL, password: admin.ADMIN_PASSWORD },
    });
    const changed = await client.post('/users/login', {
      body: { email: admin.ADMIN_EMAIL, password: 'a-different-password' },
    });
    expect(original.status).toBe(200);
    expect(changed.status).toBe(401);
    expect(await accountsWithEmail(restarted, admin.ADMIN_EMAIL)).toEqual([{ role: 'admin' }]);
  });

  it('switched to production, auth refuses to start while the admin still holds the development password, and says why', async () => {
    const { ADMIN_EMAIL } = freshAdmin();
    await start({ ADMIN_EMAIL }); // development: the default password
    const production = {
      NODE_ENV: 'production',
      ADMIN_EMAIL,
      ADMIN_PASSWORD: 'a-production-password',
      JWT_PRIVATE_KEY: generateKeyPairSync('ed25519')
        .privateKey.export({ format: 'pem', type: 'pkcs8' })
        .toString(),
      INTERNAL_TOKEN: randomBytes(32).toString('hex'),
      AMQP_URL: 'amqp://shop:a-broker-secret@127.0.0.1:5672',
    };

    const started = start(production);

    await expect(started).rejects.toThrow(
      `the admin ${ADMIN_EMAIL} still has the development password: change it (PATCH /users/update) before switching to production`,
    );
  });

  it('never promotes a customer who already holds ADMIN_EMAIL', async () => {
    const harness = await start(freshAdmin());
    const { email } = await harness.client().register({ email: `claimed-${randomUUID()}@shop.test` });

    const restarted = await start({ ADMIN_EMAIL: email, ADMIN_PASSWORD: 'irrelevant-password' });

    expect(await accountsWithEmail(restarted, email)).toEqual([{ role: 'customer' }]);
  });
});
