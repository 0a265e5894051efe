// Issue 13's route × role matrix, generated from the gateway's /openapi.json (a route added later is
// probed without editing this file): every secured operation, through the gateway and straight at the
// service behind it, refuses every forged, expired, misplaced or revoked token with 401 and a customer on
// an admin operation with 403; oversize bodies are 413; a customer cannot reach another's order; nothing
// changes in any table.
import { createSql, type Sql } from '@shop/platform';
import { useTestEnvironment, waitFor } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, signIn } from '../fixtures/client.js';
import {
  type OpenApiDocument,
  type OperationRequest,
  requestsOf,
  undocumentedFields,
} from '../fixtures/openapi-probes.js';
import { signInAdmin } from '../fixtures/order-saga-fixtures.js';
import { type RunningSystem, startSystem } from '../fixtures/system.js';
import { settledFingerprints } from '../fixtures/table-fingerprints.js';
import { type Forgery, forgedAccessTokens } from './fixtures/forged-tokens.js';
import { sendTo } from './fixtures/send.js';

const env = useTestEnvironment();
const SCHEMAS = ['auth', 'catalog', 'orders', 'analytics'];

/**
 * The secured operations a customer may call (docs/architecture.md, HTTP API: "user" and "owner"). Every other secured
 * operation is expected to be for admins only, so a new route is refused to customers until listed here.
 */
const CUSTOMER_OPERATIONS = new Set([
  'GET /users/me',
  'PUT /users/update',
  'DELETE /users/delete',
  'POST /users/logout',
  'POST /orders/create',
  'GET /orders/user',
  'GET /orders/{id}',
  'POST /orders/execute',
  'PUT /orders/update',
  'DELETE /orders/delete',
]);

let system: RunningSystem;
let sql: Sql;
let secured: OperationRequest[];
let adminToken: string;
let customer: { access_token: string; refresh_token: string };
let forgeries: Forgery[];
/** Each operation (`GET /orders/{id}`) → the service ports documenting it in their own /openapi.json. */
let servicesOf: Map<string, Array<{ name: string; url: string }>>;

beforeAll(async () => {
  system = await startSystem(env);
  sql = createSql(env.databaseUrl, { schema: 'public', max: 2 });
  const document = (await (await fetch(`${system.gatewayUrl}/openapi.json`)).json()) as OpenApiDocument;
  secured = requestsOf(document).filter((request) => request.secured);
  const admin = await signInAdmin(system.gatewayUrl);
  adminToken = admin.token;
  customer = await signIn(system.gatewayUrl, 'matrix-customer@shop.test');
  const leaving = await signIn(system.gatewayUrl, 'matrix-leaving@shop.test');
  // A second admin session, ended: its token must not work anywhere, auth's own port included.
  const leavingAdmin = await signInAdmin(system.gatewayUrl);
  for (const token of [leaving.access_token, leavingAdmin.token])
    expect((await call(system.gatewayUrl, 'POST', '/users/logout', { token })).status).toBe(200);
  forgeries = [
    ...(await forgedAccessTokens(customer.access_token, {
      signingKeyFile: system.signingKeyFile,
      refreshToken: customer.refresh_token,
      revokedToken: leaving.access_token,
    })),
    { label: 'a logged-out admin', token: leavingAdmin.token },
  ];
  servicesOf = await operationsByService({
    auth: system.authUrl,
    catalog: system.catalogUrl,
    order: system.orderUrl,
    analytics: system.analyticsUrl,
  });
});

async function operationsByService(services: Record<string, string>) {
  const byOperation = new Map<string, Array<{ name: string; url: string }>>();
  for (const [name, url] of Object.entries(services)) {
    const document = (await (await fetch(`${url}/openapi.json`)).json()) as OpenApiDocument;
    for (const { operation } of requestsOf(document)) {
      byOperation.set(operation, [...(byOperation.get(operation) ?? []), { name, url }]);
    }
  }
  return byOperation;
}

afterAll(async () => {
  await sql?.end();
  await system?.stop();
});

/** Where an operation is answered: the gateway, and every service documenting it, on its own port. */
function targetsOf(request: OperationRequest): Array<{ name: string; url: string }> {
  return [{ name: 'gateway', url: system.gatewayUrl }, ...(servicesOf.get(request.operation) ?? [])];
}

/** Sends every (target, request, token) once; answers the complaints about statuses other than `expected`. */
async function complaintsOf(
  cases: Array<{ label: string; url: string; request: OperationRequest; token: string; body?: unknown }>,
  expected: number,
) {
  const complaints: string[] = [];
  for (const { label, url, request, token, body } of cases) {
    const answer = await sendTo(url, request, token, body ?? request.body);
    const where = `${label}: ${request.operation} → ${answer.status} ${answer.text.slice(0, 160)}`;
    if (answer.status !== expected) complaints.push(where);
    else if (answer.type !== 'application/problem+json') complaints.push(`${where} [${answer.type}]`);
  }
  return complaints;
}

describe('the route × role matrix from /openapi.json', () => {
  it('every secured operation refuses forged, expired, misplaced and revoked tokens with 401, at the gateway and at its service, changing nothing', async () => {
    const before = await settledFingerprints(sql, SCHEMAS);
    const cases = secured.flatMap((request) =>
      targetsOf(request).flatMap((target) =>
        forgeries.map(({ label, token }) => ({
          label: `${target.name} / ${label}`,
          url: target.url,
          request,
          token,
        })),
      ),
    );

    const complaints = await complaintsOf(cases, 401);

    expect(secured.length).toBeGreaterThan(20);
    expect(cases.length).toBeGreaterThan(600);
    expect(complaints).toEqual([]);
    expect(await settledFingerprints(sql, SCHEMAS)).toEqual(before);
  });

  it('a customer on every admin operation gets 403, at the gateway and at its service, changing nothing', async () => {
    const before = await settledFingerprints(sql, SCHEMAS);
    const adminOnly = secured.filter((request) => !CUSTOMER_OPERATIONS.has(request.operation));
    const cases = adminOnly.flatMap((request) =>
      targetsOf(request).map((target) => ({
        label: target.name,
        url: target.url,
        request,
        token: customer.access_token,
      })),
    );

    const complaints = await complaintsOf(cases, 403);

    expect(adminOnly.length).toBeGreaterThan(15);
    expect(complaints).toEqual([]);
    expect(await settledFingerprints(sql, SCHEMAS)).toEqual(before);
  });

  it('a JSON body past BODY_LIMIT_BYTES (1 MiB) is a 413 on every operation taking one, at the gateway and at its service', async () => {
    const before = await settledFingerprints(sql, SCHEMAS);
    const withBodies = requestsOf(
      (await (await fetch(`${system.gatewayUrl}/openapi.json`)).json()) as OpenApiDocument,
    ).filter((request) => request.body !== undefined);
    const oversize = JSON.stringify({ padding: 'x'.repeat(1_100_000) });
    const cases = withBodies.flatMap((request) =>
      targetsOf(request).map((target) => ({
        label: target.name,
        url: target.url,
        request,
        token: adminToken,
        body: oversize,
      })),
    );

    const complaints = await complaintsOf(cases, 413);

    expect(withBodies.length).toBeGreaterThan(15);
    expect(complaints).toEqual([]);
    expect(await settledFingerprints(sql, SCHEMAS)).toEqual(before);
  });
});

describe('object-level authorization (BOLA) on orders', () => {
  it("another customer's order is a 404 to read, update, execute or cancel, at the gateway and at the order service, and unchanged", async () => {
    const product = await call(system.gatewayUrl, 'POST', '/products/add', {
      token: adminToken,
      body: { name: 'Matrix widget', quantity: 100, price: 5, category: 'Matrix' },
    });
    expect(product.status).toBe(201);
    const items = [{ product_id: product.body.id, quantity: 1 }];
    // The order service learns of the product from catalog's event.
    const created = await waitFor(
      () =>
        call(system.gatewayUrl, 'POST', '/orders/create', {
          token: customer.access_token,
          body: { location: 'DE', items },
        }),
      { until: (answer) => answer.status === 201, what: 'the order to be created' },
    );
    const id = created.body.id as number;
    const other = await signIn(system.gatewayUrl, 'matrix-other@shop.test');
    const before = await settledFingerprints(sql, SCHEMAS);

    const complaints: string[] = [];
    for (const url of [system.gatewayUrl, system.orderUrl]) {
      const attempts: Array<[string, string, unknown?]> = [
        ['GET', `/orders/${id}`],
        ['PUT', '/orders/update', { id, items: [{ ...items[0], quantity: 5 }], location: 'FR' }],
        ['POST', '/orders/execute', { id }],
        ['DELETE', '/orders/delete', { id }],
      ];
      for (const [method, path, body] of attempts) {
        const answer = await call(url, method, path, { token: other.access_token, body });
        if (answer.status !== 404) complaints.push(`${url} ${method} ${path} → ${answer.status}`);
      }
      const own = await call(url, 'GET', '/orders/user', { token: other.access_token });
      if (JSON.stringify(own.body).includes(`"id":${id},`))
        complaints.push(`${url} GET /orders/user lists it`);
    }

    expect(complaints).toEqual([]);
    expect(await settledFingerprints(sql, SCHEMAS)).toEqual(before);
    expect((await call(system.gatewayUrl, 'GET', `/orders/${id}`, { token: adminToken })).status).toBe(200);
    expect(
      (await call(system.gatewayUrl, 'GET', `/orders/${id}`, { token: customer.access_token })).body,
    ).toMatchObject({ id, status: 'pending' });
  });
});

/** The value with every array in it grown to `length` copies of its first item. */
function withArraysOf(value: unknown, length: number): unknown {
  if (Array.isArray(value)) return Array.from({ length }, () => withArraysOf(value[0], length));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withArraysOf(item, length)]));
  }
  return value;
}

describe('resource consumption (OWASP API4), on every operation of /openapi.json', () => {
  const everything = async () =>
    requestsOf((await (await fetch(`${system.gatewayUrl}/openapi.json`)).json()) as OpenApiDocument);

  it('JSON nested 100,000 deep, arrays of 10,000 items and limit=1000000 are 400s, at the gateway and at its service, changing nothing', async () => {
    const requests = await everything();
    const before = await settledFingerprints(sql, SCHEMAS);
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const cases = requests.flatMap((request) => {
      const variants: Array<{ label: string; request: OperationRequest; body?: unknown }> = [];
      if (request.body !== undefined) {
        variants.push({ label: 'nested 100,000 deep', request, body: deep });
        const grown = withArraysOf(request.body, 10_000);
        if (JSON.stringify(grown) !== JSON.stringify(request.body)) {
          variants.push({ label: 'arrays of 10,000', request, body: grown });
        }
      }
      if (request.query.includes('limit')) {
        const path = `${request.path}${request.path.includes('?') ? '&' : '?'}limit=1000000`;
        variants.push({ label: 'limit=1000000', request: { ...request, path } });
      }
      return variants.flatMap((variant) =>
        targetsOf(request).map((target) => ({
          ...variant,
          label: `${target.name} / ${variant.label}`,
          url: target.url,
          token: adminToken,
        })),
      );
    });

    const complaints = await complaintsOf(cases, 400);

    expect(cases.length).toBeGreaterThan(50);
    expect(complaints).toEqual([]);
    expect(await settledFingerprints(sql, SCHEMAS)).toEqual(before);
  });
});

describe('mass assignment and data exposure (OWASP API3)', () => {
  it('fields a caller may not set (role, owner, status, total) are refused or ignored; no hash or cost reaches a customer', async () => {
    const email = 'matrix-assigning@shop.test';
    const registered = await call(system.gatewayUrl, 'POST', '/users/add', {
      body: { email, password: 'correct-horse-battery', full_name: 'Assigning', role: 'admin' },
    });
    const session = await signIn(system.gatewayUrl, email);
    const updated = await call(system.gatewayUrl, 'PUT', '/users/update', {
      token: session.access_token,
      body: { full_name: 'Still a customer', role: 'admin' },
    });
    const me = await call(system.gatewayUrl, 'GET', '/users/me', { token: session.access_token });
    const products = await fetch(`${system.gatewayUrl}/products?limit=100`, {
      headers: { authorization: `Bearer ${session.access_token}` },
    }).then((r) => r.text());
    const [stored] = await sql<{ role: string }[]>`select role from auth.users where email = ${email}`;

    expect([201, 400]).toContain(registered.status);
    expect([200, 400]).toContain(updated.status);
    expect(stored?.role).toBe('customer');
    expect(me.body.role).toBe('customer');
    for (const text of [JSON.stringify(registered.body), JSON.stringify(me.body), products]) {
      expect(text).not.toMatch(/password|hash|\$2[aby]\$/i);
    }
    expect(products).toContain('"name"');
    expect(products).not.toContain('"cost"');
  });
});

describe('excessive data exposure (OWASP API3), on every GET of /openapi.json', () => {
  it('every 2xx answer, to anonymous, customer and admin callers alike, carries only the fields its schema documents', async () => {
    const document = (await (await fetch(`${system.gatewayUrl}/openapi.json`)).json()) as OpenApiDocument;
    const gets = requestsOf(document).filter((request) => request.method === 'GET');
    const complaints: string[] = [];
    let answered = 0;
    for (const request of gets) {
      const callers = !request.secured
        ? { anonymous: '', customer: customer.access_token, admin: adminToken }
        : CUSTOMER_OPERATIONS.has(request.operation)
          ? { customer: customer.access_token, admin: adminToken }
          : { admin: adminToken };
      for (const [caller, token] of Object.entries(callers)) {
        for (const target of targetsOf(request)) {
          const answer = await sendTo(target.url, request, token);
          if (answer.status < 200 || answer.status > 299) continue;
          answered++;
          const extra = undocumentedFields(
            document,
            request.operation,
            answer.status,
            JSON.parse(answer.text),
          );
          if (extra.length > 0)
            complaints.push(`${target.name} ${caller} ${request.operation}: ${extra.join(', ')}`);
        }
      }
    }

    expect(answered).toBeGreaterThan(25);
    expect(complaints).toEqual([]);
  });
});
