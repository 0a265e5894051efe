import { useTestEnvironment } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawGet } from './fixtures/raw-request.js';
import { type Echo, type StubService, startStubService } from './fixtures/stub-service.js';
import { startTestGateway, type TestGateway } from './fixtures/test-gateway.js';

const env = useTestEnvironment();

describe('what the upstream receives and the client gets back', () => {
  let catalog: StubService;
  let gateway: TestGateway;

  beforeAll(async () => {
    catalog = await startStubService('catalog');
    gateway = await startTestGateway(env, { catalog });
  });

  afterAll(async () => {
    await gateway?.stop();
    await catalog?.stop();
  });

  async function echoOf(response: Response): Promise<Echo> {
    expect(response.status).toBe(200);
    return (await response.json()) as Echo;
  }

  it('keeps the query string as sent', async () => {
    const query = '?q=red%20shoe&min_price=10&sort=-price&category=a&category=b';

    const echo = await echoOf(await fetch(`${gateway.origin}/products${query}`));

    expect(echo.query).toBe(query);
  });

  it('forwards authorization and tracing headers and adds the request id and forwarding headers', async () => {
    const echo = await echoOf(
      await fetch(`${gateway.origin}/products`, {
        headers: {
          authorization: 'Basic dXNlcjpwYXNz',
          traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
          tracestate: 'shop=1',
          'x-forwarded-for': '203.0.113.7',
          'x-request-id': 'client-chosen-id',
          'accept-language': 'de',
        },
      }),
    );

    expect(echo.headers).toMatchObject({
      authorization: 'Basic dXNlcjpwYXNz',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      tracestate: 'shop=1',
      'accept-language': 'de',
      'x-request-id': 'client-chosen-id',
      'x-forwarded-proto': 'http',
    });
    expect(echo.headers['x-forwarded-for']).toMatch(/^203\.0\.113\.7, (::ffff:)?127\.0\.0\.1$/);
    expect(echo.headers['x-forwarded-host']).toBe(new URL(gateway.origin).host);
  });

  it('gives the upstream the same request id it answers the client with', async () => {
    const response = await fetch(`${gateway.origin}/products`);

    const echo = await echoOf(response);
    expect(echo.headers['x-request-id']).toMatch(/\S{8,}/);
    expect(response.headers.get('x-request-id')).toBe(echo.headers['x-request-id']);
  });

  it('drops hop-by-hop headers in both directions', async () => {
    const { headers, body } = await rawGet(`${gateway.origin}/products`, {
      connection: 'keep-alive, x-hop-secret',
      'keep-alive': 'timeout=5',
      'x-hop-secret': 'for the next hop only',
      te: 'trailers',
      'proxy-authorization': 'Basic cHJveHk6cHJveHk=',
      'x-end-to-end': 'kept',
    });

    const echo = JSON.parse(body) as Echo;
    expect(echo.headers['x-end-to-end']).toBe('kept');
    for (const dropped of ['x-hop-secret', 'te', 'proxy-authorization', 'keep-alive']) {
      expect(echo.headers).not.toHaveProperty(dropped);
    }
    expect(echo.headers.host).toBe(new URL(catalog.origin).host);
    expect(headers['x-upstream']).toBe('catalog');
    expect(headers['proxy-authenticate']).toBeUndefined();
  });

  it('answers with security headers on proxied responses', async () => {
    const response = await fetch(`${gateway.origin}/products`);
    await response.body?.cancel();

    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });
});
