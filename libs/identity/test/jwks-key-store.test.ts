import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JwksKeyStore, TokenSigner } from '../src/index.js';

describe('JwksKeyStore', () => {
  const signer = new TokenSigner(generateKeyPairSync('ed25519').privateKey, 'k1', 'shop-auth');
  let fetches = 0;
  let url: string;
  const server = createServer((_, response) => {
    fetches++;
    // A slow JWKS: every lookup of a cold store arrives while the one fetch is under way.
    setTimeout(() => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ keys: [signer.publicJwk] }));
    }, 100);
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });

  afterAll(() => server.close());

  it('concurrent lookups on a cold store all wait for the one fetch and get the key', async () => {
    const store = new JwksKeyStore({ url });

    const found = await Promise.all(Array.from({ length: 20 }, () => store.lookup('k1')));

    expect(found.every((key) => key?.asymmetricKeyType === 'ed25519')).toBe(true);
    expect(fetches).toBe(1);
  });
});
