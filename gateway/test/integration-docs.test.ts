// The integration contract for services outside Shop, served next to /docs: the page as committed
// and the public events' JSON Schemas its links point at, under a policy that runs nothing.
import { readFileSync } from 'node:fs';
import { publicEventTypes } from '@shop/contracts';
import { useTestEnvironment } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StubService, startStubService } from './fixtures/stub-service.js';
import { downOrigin, startTestGateway, type TestGateway } from './fixtures/test-gateway.js';

const env = useTestEnvironment();
const docs = (file: string) => readFileSync(new URL(`../../docs/${file}`, import.meta.url), 'utf8');

describe('/docs/integration and /docs/schemas', () => {
  let auth: StubService;
  let gateway: TestGateway;

  beforeAll(async () => {
    auth = await startStubService('auth');
    gateway = await startTestGateway(env, {
      auth,
      catalog: await downOrigin(),
      analytics: await downOrigin(),
    });
  });

  afterAll(async () => {
    await gateway?.stop();
    await auth?.stop();
  });

  it('serves docs/integration.md as written, naming every public event, with a policy allowing nothing', async () => {
    const response = await fetch(`${gateway.origin}/docs/integration`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const page = await response.text();
    expect(page).toBe(docs('integration.md'));
    for (const type of publicEventTypes) expect(page).toContain(`\`${type}\``);
  });

  it('answers every schema the page links to with the committed docs/schemas file', async () => {
    const links = [...docs('integration.md').matchAll(/\]\(schemas\/([^)]+)\)/g)].map(([, file]) => file);
    expect(links).toHaveLength(publicEventTypes.length);
    for (const file of links) {
      const response = await fetch(`${gateway.origin}/docs/schemas/${file}`);
      expect(response.status, file).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/schema+json');
      expect(await response.json()).toEqual(JSON.parse(docs(`schemas/${file}`)));
    }
  });

  it('answers a schema it does not publish, or a path out of the folder, with a 404 problem', async () => {
    for (const file of ['stock.reserved.v1.json', '..%2F..%2Fpackage.json', 'order.executed.v2.json']) {
      const response = await fetch(`${gateway.origin}/docs/schemas/${file}`);
      expect(response.status, file).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
  });
});
