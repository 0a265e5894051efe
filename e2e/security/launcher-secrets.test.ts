// Issue 13 item 8: `npm start` hands each process only its own secrets — auth's signing key and the
// first admin's password reach auth alone, not catalog, order, analytics or the gateway.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const secrets = { JWT_PRIVATE_KEY: 'a-pem-private-key', ADMIN_PASSWORD: 'an-admin-password' };
let environments: Record<string, NodeJS.ProcessEnv>;

beforeAll(async () => {
  Object.assign(process.env, secrets);
  // Imported once the launcher's environment holds the secrets, as when npm start reads them from .env.
  const { inheritedEnv } = await import('../../scripts/config.js');
  const { serviceEntries } = await import('../../scripts/services.js');
  // What scripts/start.ts hands a child: the inherited environment, then the process's own settings.
  environments = Object.fromEntries(
    serviceEntries.map((entry) => [entry.name, { ...inheritedEnv, ...entry.env }]),
  );
});

afterAll(() => {
  for (const name of Object.keys(secrets)) delete process.env[name];
});

describe('the environments npm start hands its processes', () => {
  it("auth gets its signing key and the admin's password", () => {
    expect(environments.auth).toMatchObject(secrets);
  });

  it('no other process gets either', () => {
    const others = Object.entries(environments).filter(([name]) => name !== 'auth');
    expect(others.map(([name]) => name).sort()).toEqual(['analytics', 'catalog', 'gateway', 'order']);
    for (const [name, env] of others) {
      expect({ name, JWT_PRIVATE_KEY: env.JWT_PRIVATE_KEY, ADMIN_PASSWORD: env.ADMIN_PASSWORD }).toEqual({
        name,
      });
    }
  });
});
