// Issue 13, what the public surface costs: a flood of unknown key ids must not become a flood of JWKS
// fetches, and (item 8) /readyz, public and unauthenticated, must not turn a flood
// into a flood of readiness probes on every service and the database; the analytics repair tool
// (POST /statistics/rebuild, not in the public API, holding the sales ledger lock while it runs) is not public.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { useTestEnvironment } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../fixtures/client.js';
import type { OpenApiDocument } from '../fixtures/openapi-probes.js';
import { signInAdmin } from '../fixtures/order-saga-fixtures.js';
import { type RunningSystem, startSystem } from '../fixtures/system.js';
import { decodeJwt, signedJwt } from './fixtures/forged-tokens.js';

const env = useTestEnvironment();
let system: RunningSystem;
let adminToken: string;

beforeAll(async () => {
  system = await startSystem(env);
  const login = await signInAdmin(system.gatewayUrl);
  adminToken = login.token;
});

afterAll(async () => {
  await system?.stop();
});

/** How many requests a service has answered on one route, from its own /metrics. */
async function answeredOn(serviceUrl: string, route: string): Promise<number> {
  const text = await (await fetch(`${serviceUrl}/metrics`)).text();
  const pattern = new RegExp(
    `^http_request_duration_seconds_count\\{[^}]*route="${route}"[^}]*\\} (\\d+)`,
    'gm',
  );
  return [...text.matchAll(pattern)].reduce((sum, match) => sum + Number(match[1]), 0);
}

describe('the gateway surface', () => {
  it('a flood of tokens with unknown kids (RFC 8725 §3.10) is 401 everywhere and refetches auth’s JWKS at most once per verifier', async () => {
    const { header, claims } = decodeJwt(adminToken);
    const key = generateKeyPairSync('ed25519').privateKey;
    const verifiers = [system.gatewayUrl, system.catalogUrl, system.orderUrl, system.analyticsUrl];
    const before = await answeredOn(system.authUrl, '/.well-known/jwks.json');

    const statuses = await Promise.all(
      verifiers.flatMap((url) =>
        Array.from({ length: 100 }, () =>
          fetch(`${url}/orders/user`, {
            headers: { authorization: `Bearer ${signedJwt({ ...header, kid: randomUUID() }, claims, key)}` },
          }).then((r) => r.status),
        ),
      ),
    );

    const refetches = (await answeredOn(system.authUrl, '/.well-known/jwks.json')) - before;
    expect(new Set(statuses)).toEqual(new Set([401]));
    // Counted from auth's own metrics, which saw the verifiers' first fetches (a non-zero start).
    expect(before).toBeGreaterThan(0);
    expect(refetches).toBeLessThanOrEqual(verifiers.length);
  });

  it('300 /readyz at once at the gateway cost each service a handful of readiness probes, not 300', async () => {
    const services = [system.authUrl, system.catalogUrl, system.orderUrl, system.analyticsUrl];
    const before = await Promise.all(services.map((url) => answeredOn(url, '/readyz')));

    const statuses = await Promise.all(
      Array.from({ length: 300 }, () => fetch(`${system.gatewayUrl}/readyz`).then((r) => r.status)),
    );

    const after = await Promise.all(services.map((url) => answeredOn(url, '/readyz')));
    expect(new Set(statuses)).toEqual(new Set([200]));
    const probes = after.map((count, i) => count - (before[i] ?? 0));
    for (const count of probes) expect(count).toBeLessThanOrEqual(3);
  });

  it('POST /statistics/rebuild is not public: 404 at the gateway and absent from /openapi.json; the analytics port keeps it for operators', async () => {
    const document = (await (await fetch(`${system.gatewayUrl}/openapi.json`)).json()) as OpenApiDocument;

    const atGateway = await call(system.gatewayUrl, 'POST', '/statistics/rebuild', { token: adminToken });
    const atAnalytics = await call(system.analyticsUrl, 'POST', '/statistics/rebuild', { token: adminToken });

    expect(Object.keys(document.paths)).not.toContain('/statistics/rebuild');
    expect(Object.keys(document.paths)).toContain('/statistics/profit');
    expect(atGateway.status).toBe(404);
    expect(atAnalytics.status).toBe(200);
  });
});
