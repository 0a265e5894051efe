import { generateKeyPairSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describeConfigError } from '@shop/platform';
import { startTsProcess } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { authConfigSchema } from '../src/config.js';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const internalToken = 'a-shared-internal-secret-of-32-characters-or-more';
// Production refuses RabbitMQ's guest account too (e2e/security/production-settings.test.ts).
const brokerUrl = 'amqp://shop:a-broker-secret@127.0.0.1:5672';
const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

// Variables set to undefined are left out of the child's environment whatever the parent has.
const production = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  JWT_PRIVATE_KEY: undefined,
  ADMIN_PASSWORD: undefined,
  INTERNAL_TOKEN: undefined,
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/never_created',
};

function problemsOf(env: Record<string, string>): string {
  const result = authConfigSchema.safeParse(env);
  return result.success ? '' : describeConfigError(result.error);
}

describe('auth configuration', () => {
  it('in production with the default secrets, main exits 1 naming JWT_PRIVATE_KEY, ADMIN_PASSWORD and INTERNAL_TOKEN', async () => {
    const auth = startTsProcess(main, production);

    const exitCode = await auth.exited;

    expect(exitCode).toBe(1);
    expect(auth.output()).toMatch(/Invalid configuration:/);
    expect(auth.output()).toMatch(/^\s+JWT_PRIVATE_KEY: is required in production/m);
    expect(auth.output()).toMatch(/^\s+ADMIN_PASSWORD: must be changed/m);
    expect(auth.output()).toMatch(/^\s+INTERNAL_TOKEN: is required in production/m);
  });

  it('in production with a key but the default admin password, names ADMIN_PASSWORD only', () => {
    const problems = problemsOf({
      NODE_ENV: 'production',
      JWT_PRIVATE_KEY: pem,
      INTERNAL_TOKEN: internalToken,
      AMQP_URL: brokerUrl,
    });

    expect(problems.split('\n')).toEqual([
      'Invalid configuration:',
      expect.stringMatching(/^ {2}ADMIN_PASSWORD: /),
    ]);
  });

  it('in production with every secret set, parses', () => {
    const result = authConfigSchema.safeParse({
      NODE_ENV: 'production',
      JWT_PRIVATE_KEY: pem,
      ADMIN_PASSWORD: 'a-real-secret-password',
      INTERNAL_TOKEN: internalToken,
      AMQP_URL: brokerUrl,
    });

    expect(result.success).toBe(true);
  });

  it('in development fills the documented defaults', () => {
    expect(authConfigSchema.parse({})).toMatchObject({
      PORT: 8081,
      JWT_ISSUER: 'shop-auth',
      DEV_KEY_FILE: '.dev-keys/auth-ed25519.pem',
      ADMIN_EMAIL: 'admin@shop.local',
      ADMIN_PASSWORD: 'admin-password-123',
      BCRYPT_COST: 10,
      LOGIN_WINDOW_SECONDS: 900,
      LOGIN_MAX_FAILURES_PER_EMAIL_AND_IP: 10,
      LOGIN_MAX_FAILURES_PER_IP: 50,
      LOGIN_MAX_FAILURES_PER_EMAIL: 500,
      REGISTRATION_PER_IP_PER_HOUR: 20,
      BCRYPT_MAX_QUEUED_CHECKS: 256,
      BCRYPT_MAX_QUEUED_HASHES: 32,
    });
  });

  it.each([
    ['BCRYPT_COST', '9'],
    ['BCRYPT_COST', '15'],
    [
      'JWT_PRIVATE_KEY',
      generateKeyPairSync('ec', { namedCurve: 'P-256' })
        .privateKey.export({ format: 'pem', type: 'pkcs8' })
        .toString(),
    ],
    ['JWT_PRIVATE_KEY', 'not a key'],
    ['ADMIN_PASSWORD', 'x'.repeat(73)],
    ['ADMIN_EMAIL', 'not-an-email'],
    ['TRUSTED_PROXIES', 'gateway.local'],
    ['REGISTRATION_PER_IP_PER_HOUR', '0'],
  ])('refuses %s=%s naming it', (variable, value) => {
    expect(problemsOf({ [variable]: value })).toMatch(new RegExp(`^ {2}${variable}: `, 'm'));
  });
});
