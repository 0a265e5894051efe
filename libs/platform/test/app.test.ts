import { useTestEnvironment } from '@shop/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSql, databaseIsReady, type Problem, type Sql } from '../src/index.js';
import { BODY_LIMIT_BYTES, postJson, testApp } from './fixtures/test-app.js';

const env = useTestEnvironment();

/** Asserts the RFC 9457 envelope and returns the problem body. */
async function problemBody(response: Response, status: number): Promise<Problem> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = (await response.json()) as Problem;
  expect(problem).toMatchObject({
    type: expect.stringMatching(/^https:\/\//),
    title: expect.any(String),
    status,
    detail: expect.any(String),
  });
  return problem;
}

describe('createServiceApp answers errors as problem+json', () => {
  it('a valid body reaches the handler', async () => {
    const app = testApp();

    const response = await postJson(app, '/widgets', JSON.stringify({ name: 'bolt', quantity: 3 }));

    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ id: 1, name: 'bolt', quantity: 3 });
  });

  it('a body that breaks the schema answers 400 listing each bad field', async () => {
    const app = testApp();

    const response = await postJson(app, '/widgets', JSON.stringify({ name: '', quantity: -1 }));

    expect(await problemBody(response, 400)).toEqual({
      type: 'https://shop.dev/problems/invalid-request',
      title: 'Invalid request',
      status: 400,
      detail: expect.any(String),
      errors: [
        { path: 'name', message: expect.any(String) },
        { path: 'quantity', message: expect.any(String) },
      ],
    });
  });

  it('an unknown body field answers 400 naming it', async () => {
    const app = testApp();

    const response = await postJson(
      app,
      '/widgets',
      JSON.stringify({ name: 'bolt', quantity: 3, colour: 'red' }),
    );

    const problem = await problemBody(response, 400);
    expect(problem.errors).toEqual([{ path: 'colour', message: 'Unknown field' }]);
  });

  it('malformed JSON answers 400, not 500', async () => {
    const app = testApp();

    const response = await postJson(app, '/widgets', '{"name": "bolt", ');

    const problem = await problemBody(response, 400);
    expect(problem.detail).toMatch(/JSON/);
  });

  it('a ConflictError answers 409 with its detail', async () => {
    const app = testApp();

    const response = await app.request('/widgets/7/reserve', { method: 'POST' });

    expect(await problemBody(response, 409)).toEqual({
      type: 'https://shop.dev/problems/conflict',
      title: 'Conflict',
      status: 409,
      detail: 'Widget 7 is already reserved',
    });
  });

  it('a NotFoundError answers 404 with its detail', async () => {
    const app = testApp();

    const response = await app.request('/widgets/42');

    expect(await problemBody(response, 404)).toMatchObject({
      title: 'Not found',
      detail: 'Widget 42 does not exist',
    });
  });

  it('an unexpected error answers a bare 500 and is logged with the request id', async () => {
    const logged: Record<string, unknown>[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => logged.push(JSON.parse(line)) });
    const app = testApp({ logger });

    const response = await app.request('/reports/secret');

    const text = await response.clone().text();
    expect(await problemBody(response, 500)).toEqual({
      type: 'https://shop.dev/problems/internal-server-error',
      title: 'Internal server error',
      status: 500,
      detail: 'An unexpected error occurred',
    });
    expect(text).not.toMatch(/secret_table|select|token|\bat\b|\.ts/);
    expect(logged).toEqual([
      expect.objectContaining({
        request_id: response.headers.get('x-request-id'),
        err: expect.objectContaining({ message: 'select * from secret_table where token = $1' }),
      }),
    ]);
  });

  it('an unknown route answers a 404 problem', async () => {
    const app = testApp();

    const response = await app.request('/no/such/route', { method: 'DELETE' });

    expect(await problemBody(response, 404)).toMatchObject({ detail: 'No route for DELETE /no/such/route' });
  });

  it.each([
    ['declares its length', { 'content-length': String(BODY_LIMIT_BYTES + 1) }],
    ['is sent chunked, without a length', { 'transfer-encoding': 'chunked' }],
  ])('a body over the limit that %s answers 413', async (_, headers) => {
    const app = testApp();
    const oversized = JSON.stringify({ name: 'x'.repeat(BODY_LIMIT_BYTES), quantity: 1 });

    const response = await postJson(app, '/widgets', oversized, headers);

    expect(await problemBody(response, 413)).toMatchObject({ title: 'Payload too large' });
  });
});

describe('createServiceApp request ids', () => {
  it('each response carries a generated x-request-id of its own', async () => {
    const app = testApp();

    const [first, second] = await Promise.all([app.request('/healthz'), app.request('/no/such/route')]);

    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    expect(first.headers.get('x-request-id')).toMatch(uuid);
    expect(second.headers.get('x-request-id')).toMatch(uuid);
    expect(first.headers.get('x-request-id')).not.toBe(second.headers.get('x-request-id'));
  });

  it('an incoming X-Request-Id is echoed, on errors too', async () => {
    const app = testApp();

    const response = await app.request('/widgets/7/reserve', {
      method: 'POST',
      headers: { 'X-Request-Id': 'gateway-abc-123' },
    });

    expect(response.status).toBe(409);
    expect(response.headers.get('x-request-id')).toBe('gateway-abc-123');
  });
});

describe('createServiceApp ops endpoints', () => {
  let sql: Sql;
  let missingDatabaseSql: Sql;

  beforeAll(() => {
    sql = createSql(env.databaseUrl, { schema: 'public', max: 1 });
    const missingDatabase = new URL(env.databaseUrl);
    missingDatabase.pathname = '/no_such_database';
    missingDatabaseSql = createSql(missingDatabase.toString(), { schema: 'public', max: 1 });
  });

  afterAll(async () => {
    await Promise.all([sql?.end(), missingDatabaseSql?.end()]);
  });

  it('/healthz answers 200 while the process runs', async () => {
    const app = testApp();

    const response = await app.request('/healthz');

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('/readyz answers 200 when the database and the broker answer', async () => {
    const app = testApp({ readiness: { database: () => databaseIsReady(sql), broker: async () => true } });

    const response = await app.request('/readyz');

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready', checks: { database: true, broker: true } });
  });

  it('/readyz answers 503 naming the dependency that is down', async () => {
    const app = testApp({ readiness: { database: () => databaseIsReady(sql), broker: async () => false } });

    const response = await app.request('/readyz');

    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'not ready', checks: { database: true, broker: false } });
  });

  it('/readyz answers 503 when the database refuses the connection or a check throws', async () => {
    const app = testApp({
      readiness: {
        database: () => databaseIsReady(missingDatabaseSql),
        broker: async () => {
          throw new Error('connection closed');
        },
      },
    });

    const response = await app.request('/readyz');

    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      status: 'not ready',
      checks: { database: false, broker: false },
    });
  });

  it('/metrics exposes request durations labelled by route template and status', async () => {
    const app = testApp();
    await app.request('/widgets/42');
    await app.request('/widgets/43');

    const response = await app.request('/metrics');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const durationCounts = (await response.text())
      .split('\n')
      .filter((line) => line.startsWith('http_request_duration_seconds_count{'));
    expect(durationCounts).toContain(
      'http_request_duration_seconds_count{service="test",method="GET",route="/widgets/:id",status="404"} 2',
    );
  });
});
