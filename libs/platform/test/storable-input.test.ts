import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { createLogger, createMetricsRegistry, createServiceApp, type Problem } from '../src/index.js';

const noteBody = z.strictObject({
  title: z.string().min(1),
  tags: z.array(z.strictObject({ label: z.string() })).optional(),
  meta: z.record(z.string(), z.string()).optional(),
});

/** A service app whose routes count how often a request got through validation. */
function notesApp() {
  const reached = { count: 0 };
  const app = createServiceApp({
    logger: createLogger({ service: 'test', level: 'silent' }),
    metrics: createMetricsRegistry('test'),
    readiness: {},
    bodyLimitBytes: 4096,
  });
  // Mounted the way services mount their routes, so the parent's defaultHook is the one that runs.
  const routes = new OpenAPIHono();
  routes.openapi(
    createRoute({
      method: 'post',
      path: '/notes',
      request: { body: { required: true, content: { 'application/json': { schema: noteBody } } } },
      responses: { 201: { description: 'Stored' } },
    }),
    (c) => {
      reached.count += 1;
      return c.json(c.req.valid('json'), 201);
    },
  );
  routes.openapi(
    createRoute({
      method: 'get',
      path: '/notes',
      request: { query: z.object({ search: z.string().optional(), limit: z.coerce.number().optional() }) },
      responses: { 200: { description: 'Found' } },
    }),
    (c) => {
      reached.count += 1;
      return c.json(c.req.valid('query'), 200);
    },
  );
  routes.openapi(
    createRoute({
      method: 'get',
      path: '/folders/{folder}/notes/{slug}',
      request: { params: z.object({ folder: z.string(), slug: z.string() }) },
      responses: { 200: { description: 'Found' } },
    }),
    (c) => {
      reached.count += 1;
      return c.json(c.req.valid('param'), 200);
    },
  );
  app.route('/', routes);
  return { app, reached };
}

async function problemOf(response: Response): Promise<Problem> {
  expect(response.status).toBe(400);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  return (await response.json()) as Problem;
}

function postNote(app: ReturnType<typeof notesApp>['app'], json: string) {
  return app.request('/notes', {
    method: 'POST',
    body: json,
    headers: { 'content-type': 'application/json' },
  });
}

describe('text PostgreSQL cannot store is refused by validation, for every route', () => {
  it('a NUL character in a JSON body field answers 400 naming the field, and the handler never runs', async () => {
    const { app, reached } = notesApp();

    const response = await postNote(app, '{"title":"a\\u0000b"}');

    expect((await problemOf(response)).errors).toEqual([
      { path: 'title', message: expect.stringMatching(/NUL/) },
    ]);
    expect(reached.count).toBe(0);
  });

  it('a lone surrogate nested in an array of objects answers 400 with its dotted path', async () => {
    const { app, reached } = notesApp();

    const response = await postNote(app, '{"title":"ok","tags":[{"label":"fine"},{"label":"x\\ud800"}]}');

    expect((await problemOf(response)).errors).toEqual([
      { path: 'tags.1.label', message: expect.stringMatching(/surrogate/) },
    ]);
    expect(reached.count).toBe(0);
  });

  it('a trailing low surrogate and a NUL in a record key are refused too', async () => {
    const { app } = notesApp();

    const low = await postNote(app, '{"title":"\\udc00x"}');
    const key = await postNote(app, '{"title":"ok","meta":{"a\\u0000":"v"}}');

    expect((await problemOf(low)).errors).toEqual([{ path: 'title', message: expect.any(String) }]);
    expect((await problemOf(key)).errors).toEqual([{ path: 'meta.a\u0000', message: expect.any(String) }]);
  });

  it('well-formed text, including emoji (surrogate pairs) and other control characters, gets through', async () => {
    const { app, reached } = notesApp();

    const response = await postNote(app, '{"title":"tab\\there 😀 \\u0001","tags":[{"label":"ü"}]}');

    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ title: 'tab\there 😀 \u0001', tags: [{ label: 'ü' }] });
    expect(reached.count).toBe(1);
  });

  it('a NUL in a query parameter answers 400 naming it', async () => {
    const { app, reached } = notesApp();

    const response = await app.request('/notes?search=a%00b');

    expect((await problemOf(response)).errors).toEqual([
      { path: 'search', message: expect.stringMatching(/NUL/) },
    ]);
    expect(reached.count).toBe(0);
  });

  it('a NUL in a path parameter answers 400 naming it', async () => {
    const { app, reached } = notesApp();

    const response = await app.request('/folders/inbox/notes/a%00b');

    expect((await problemOf(response)).errors).toEqual([{ path: 'slug', message: expect.any(String) }]);
    expect(reached.count).toBe(0);
  });

  it.each(['%ED%A0%80', '%FF', '%', 'ok%E2%82'])(
    'malformed percent-encoding %s in a query value answers 400 naming the parameter',
    async (encoded) => {
      const { app, reached } = notesApp();

      const response = await app.request(`/notes?limit=1&search=${encoded}`);

      expect((await problemOf(response)).errors).toEqual([
        { path: 'search', message: 'is not valid percent-encoded UTF-8' },
      ]);
      expect(reached.count).toBe(0);
    },
  );

  it.each(['%ED%A0%80', '%FF', '%'])(
    'malformed percent-encoding %s in a path segment answers 400 naming the parameter',
    async (encoded) => {
      const { app, reached } = notesApp();

      const response = await app.request(`/folders/${encoded}/notes/fine`);

      expect((await problemOf(response)).errors).toEqual([
        { path: 'folder', message: 'is not valid percent-encoded UTF-8' },
      ]);
      expect(reached.count).toBe(0);
    },
  );

  it('well-formed percent-encoding, + for space and a literal %25 get through decoded', async () => {
    const { app } = notesApp();

    const query = await app.request('/notes?search=caf%C3%A9+100%25');
    const path = await app.request('/folders/caf%C3%A9/notes/%F0%9F%98%80');

    expect(await query.json()).toEqual({ search: 'café 100%' });
    expect(await path.json()).toEqual({ folder: 'café', slug: '😀' });
  });
});
