import { useTestEnvironment, waitFor } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from './fixtures/problems.js';
import { type Echo, type StubService, startStubService } from './fixtures/stub-service.js';
import { startTestGateway, type TestGateway } from './fixtures/test-gateway.js';

const env = useTestEnvironment();
const MiB = 1024 * 1024;

/** A body sent chunked (no Content-Length) in pieces of 64 KiB; `beforePiece` may hold a piece back. */
function chunkedBody(totalBytes: number, beforePiece: (sent: number) => Promise<void> = async () => {}) {
  const piece = new Uint8Array(64 * 1024).fill(97);
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (sent >= totalBytes) return controller.close();
      await beforePiece(sent);
      const size = Math.min(piece.length, totalBytes - sent);
      controller.enqueue(piece.subarray(0, size));
      sent += size;
    },
  });
}

function post(
  origin: string,
  path: string,
  body: ReadableStream<Uint8Array> | Uint8Array | string,
  headers: Record<string, string> = {},
) {
  return fetch(`${origin}${path}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'text/csv', ...headers },
    duplex: 'half',
  } as RequestInit);
}

describe('request bodies are streamed and limited per route', () => {
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

  it('a 2.5 MiB chunked upload to the bulk import reaches the catalog intact, forwarded while it is still arriving', async () => {
    const total = 2.5 * MiB;
    // Hold the second half back until the catalog has the first: only a streaming proxy passes that.
    const body = chunkedBody(total, async (sent) => {
      if (sent === 1.25 * MiB) {
        await waitFor(() => catalog.receivedBytes, {
          until: (bytes) => bytes >= 1.25 * MiB,
          what: 'the first half upstream',
        });
      }
    });

    const response = await post(gateway.origin, '/products/bulk-import?mode=insert', body);

    expect(response.status).toBe(200);
    const echo = (await response.json()) as Echo;
    expect(echo).toMatchObject({ method: 'POST', path: '/products/bulk-import', query: '?mode=insert' });
    expect(echo.body_bytes).toBe(total);
    expect(echo.headers['transfer-encoding']).toBe('chunked');
  });

  it('a 3 MiB upload with Content-Length to the bulk import arrives byte for byte', async () => {
    const response = await post(gateway.origin, '/products/bulk-import', new Uint8Array(3 * MiB).fill(98));

    const echo = (await response.json()) as Echo;
    expect(echo.body_bytes).toBe(3 * MiB);
    expect(echo.headers['content-length']).toBe(String(3 * MiB));
  });

  it('a 2 MiB body with Content-Length to another route answers 413 at once and never reaches the catalog', async () => {
    const callsBefore = catalog.calls;

    const response = await post(gateway.origin, '/products/add', new Uint8Array(2 * MiB).fill(99), {
      'content-type': 'application/json',
    });

    const problem = await expectProblem(response, 413);
    expect(problem.detail).toBe('The request body exceeds 1048576 bytes');
    expect(catalog.calls).toBe(callsBefore);
  });

  it('a 2 MiB chunked body to another route answers 413 once the limit is passed', async () => {
    const response = await post(gateway.origin, '/products/add', chunkedBody(2 * MiB));

    await expectProblem(response, 413);
    expect(catalog.receivedBytes).toBeLessThanOrEqual(1 * MiB);
  });

  it('a body within the limit reaches the service unchanged', async () => {
    const payload = JSON.stringify({ name: 'Lamp', quantity: 3, price: 19.99, category: 'Home' });

    const response = await post(gateway.origin, '/products/add', payload, {
      'content-type': 'application/json',
    });

    const echo = (await response.json()) as Echo;
    expect(echo.body_bytes).toBe(Buffer.byteLength(payload));
    expect(echo.headers['content-type']).toBe('application/json');
  });
});
