import { fileURLToPath } from 'node:url';
import { startTsProcess } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { baseConfigSchema, describeConfigError, loadConfig } from '../src/index.js';

const configProcess = fileURLToPath(new URL('./fixtures/config-process.ts', import.meta.url));

/** A complete environment for the fixture service; a test overrides or removes one variable. */
function validEnv(): Record<string, string | undefined> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/config_test',
    AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
    JWT_ISSUER: 'https://auth.shop.test',
  };
}

describe('service start-up with loadConfig', () => {
  it('a missing required variable stops start-up with status 1 naming it', async () => {
    // spawn leaves out variables whose value is undefined, so the child never sees JWT_ISSUER.
    const service = startTsProcess(configProcess, { ...validEnv(), JWT_ISSUER: undefined });

    const exitCode = await service.exited;

    expect(exitCode).toBe(1);
    expect(service.output()).toMatch(/Invalid configuration:\n\s+JWT_ISSUER: /);
    expect(service.output()).not.toContain('config ok');
  });

  it('a malformed DATABASE_URL stops start-up with status 1 naming it', async () => {
    const service = startTsProcess(configProcess, { ...validEnv(), DATABASE_URL: 'not a url' });

    const exitCode = await service.exited;

    expect(exitCode).toBe(1);
    expect(service.output()).toMatch(/^\s+DATABASE_URL: /m);
    expect(service.output()).not.toMatch(/JWT_ISSUER|config ok/);
  });

  it('a complete environment lets the service start', async () => {
    const service = startTsProcess(configProcess, validEnv());

    const exitCode = await service.exited;

    expect(exitCode, service.output()).toBe(0);
    expect(service.output()).toBe('config ok\n');
  });
});

describe('describeConfigError', () => {
  it('names every bad variable on its own line', () => {
    const result = baseConfigSchema.safeParse({
      DATABASE_URL: 'not a url',
      DATABASE_POOL_MAX: '0',
      LOG_LEVEL: 'loud',
    });

    const message = result.success ? '' : describeConfigError(result.error);

    expect(message.split('\n')).toEqual([
      'Invalid configuration:',
      expect.stringMatching(/^ {2}LOG_LEVEL: /),
      expect.stringMatching(/^ {2}DATABASE_URL: /),
      expect.stringMatching(/^ {2}DATABASE_POOL_MAX: /),
    ]);
  });
});

describe('loadConfig', () => {
  it('fills defaults and turns numeric strings into numbers', () => {
    const config = loadConfig(baseConfigSchema, { DATABASE_POOL_MAX: '25', AMQP_PREFIX: 'run1.' });

    expect(config).toMatchObject({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      DATABASE_POOL_MAX: 25,
      AMQP_PREFIX: 'run1.',
      BODY_LIMIT_BYTES: 1_048_576,
    });
  });
});
