import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessTokenVerifier, JwksKeyStore } from '@shop/identity';
import { useTestEnvironment } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyIdOf } from '../src/keys/load-signing-key.js';
import { AuthClient } from './fixtures/auth-client.js';
import { type AuthHarness, startTestAuthService } from './fixtures/auth-service.js';

const env = useTestEnvironment();
let keyDir: string;

beforeAll(async () => {
  keyDir = await mkdtemp(join(tmpdir(), 'shop-auth-keys-'));
});
afterAll(() => rm(keyDir, { recursive: true, force: true }));

async function withService<T>(overrides: Record<string, string>, use: (auth: AuthHarness) => Promise<T>) {
  const auth = await startTestAuthService(env, overrides);
  try {
    return await use(auth);
  } finally {
    await auth.stop();
  }
}

type Jwks = { keys: Array<Record<string, string>> };

describe('GET /.well-known/jwks.json', () => {
  it('serves the public signing key, cacheable, and login tokens verify against it', async () => {
    await withService({}, async (auth) => {
      const client = auth.client();
      const { tokens, user } = await client.signUp();

      const response = await client.get<Jwks>('/.well-known/jwks.json');

      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=300');
      expect(response.body.keys).toEqual([
        {
          kty: 'OKP',
          crv: 'Ed25519',
          x: expect.any(String),
          kid: auth.service.signer.kid,
          alg: 'EdDSA',
          use: 'sig',
        },
      ]);
      const keys = new JwksKeyStore({ url: `${auth.origin}/.well-known/jwks.json` });
      const verifier = new AccessTokenVerifier(keys.lookup, auth.config.JWT_ISSUER);
      const { principal } = await verifier.verify(tokens.access_token);
      expect(principal).toMatchObject({ userId: user.id, role: 'customer' });
    });
  });
});

describe('the signing key', () => {
  it('in development is generated once into DEV_KEY_FILE (mode 0600) and kept across restarts', async () => {
    const DEV_KEY_FILE = join(keyDir, 'nested', 'auth-ed25519.pem');
    const { kid, tokens } = await withService({ DEV_KEY_FILE }, async (auth) => ({
      kid: auth.service.signer.kid,
      tokens: await auth.client().signUp(),
    }));

    const afterRestart = await withService({ DEV_KEY_FILE }, async (auth) => ({
      kid: auth.service.signer.kid,
      me: await new AuthClient(auth.origin).get('/users/me', { token: tokens.tokens.access_token }),
    }));

    expect(afterRestart.kid).toBe(kid);
    expect(afterRestart.me.status).toBe(200);
    expect((await stat(DEV_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('comes from JWT_PRIVATE_KEY when set, its kid from JWT_KEY_ID or else derived from the key', async () => {
    const privateKey = generateKeyPairSync('ed25519').privateKey;
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const x = privateKey.export({ format: 'jwk' }).x;

    const named = await withService({ JWT_PRIVATE_KEY: pem, JWT_KEY_ID: 'key-2026' }, async (auth) =>
      auth.client().get<Jwks>('/.well-known/jwks.json'),
    );
    const derived = await withService({ JWT_PRIVATE_KEY: pem.replaceAll('\n', '\\n') }, async (auth) =>
      auth.client().get<Jwks>('/.well-known/jwks.json'),
    );

    expect(named.body.keys).toEqual([expect.objectContaining({ kid: 'key-2026', x })]);
    expect(derived.body.keys).toEqual([expect.objectContaining({ kid: keyIdOf(privateKey), x })]);
  });
});
