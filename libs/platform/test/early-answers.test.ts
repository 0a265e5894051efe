import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLogger,
  createMetricsRegistry,
  createServiceApp,
  type HttpServer,
  serveHttp,
  UnauthorizedError,
} from '../src/index.js';
import { DISCARD_MAX_BYTES, DISCARD_MAX_MS } from '../src/unread-bodies.js';

const MiB = 1024 * 1024;
const SLACK_MS = 1_500; // a busy machine's delay on top of the bound

/** A raw HTTP/1.1 client on one socket: what it received, and how and when the server ended the connection. */
class RawClient {
  readonly socket: Socket;
  received = '';
  written = 0;
  answeredAt = 0;
  finAt = 0;
  reset = false;
  readonly closed: Promise<number>;

  /** `ignoringFin`: keeps sending after the server's FIN, as a careless or hostile client does. */
  constructor(port: number, { ignoringFin = false } = {}) {
    this.socket = connect({ port, host: '127.0.0.1', allowHalfOpen: ignoringFin });
    this.socket.on('data', (chunk) => {
      this.received += chunk;
      if (!this.answeredAt && this.received.includes('\r\n\r\n')) this.answeredAt = performance.now();
    });
    this.socket.once('end', () => {
      this.finAt = performance.now();
    });
    this.socket.on('error', () => {
      this.reset = true;
    });
    this.closed = new Promise((resolve) => this.socket.once('close', () => resolve(performance.now())));
  }

  send(text: string | Buffer): boolean {
    this.written += text.length;
    return this.socket.write(text);
  }

  /** Keeps writing `chunk` as fast as the socket takes it, until the server cuts the connection. */
  flood(chunk: Buffer): void {
    const writeMore = () => {
      while (!this.socket.destroyed && this.send(chunk)) {}
    };
    this.socket.on('drain', writeMore);
    writeMore();
  }
}

const uploadHead = (length: number) =>
  `POST /uploads HTTP/1.1\r\nHost: test\r\nContent-Type: text/csv\r\nContent-Length: ${length}\r\n\r\n`;

describe('serveHttp: an answer given before the request body was read', () => {
  let server: HttpServer;
  let baseUrl: string;

  beforeAll(async () => {
    const app = createServiceApp({
      logger: createLogger({ service: 'test', level: 'silent' }),
      metrics: createMetricsRegistry('test'),
      readiness: {},
      bodyLimitBytes: 64 * MiB,
    });
    app.post('/uploads', () => {
      throw new UnauthorizedError('Sign in first');
    });
    server = await serveHttp(app.fetch, 0);
    baseUrl = `http://127.0.0.1:${server.port}`;
  });

  afterAll(async () => {
    await server.close();
  });

  it("reaches Node's fetch posting a 2 MB file, every time, with Connection: close, and the next request is served", async () => {
    const answers = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const form = new FormData();
      form.append('file', new Blob(['x'.repeat(2 * MiB)], { type: 'text/csv' }), 'big.csv');
      const response = await fetch(`${baseUrl}/uploads`, { method: 'POST', body: form });
      answers.push({ status: response.status, connection: response.headers.get('connection') });
      await response.arrayBuffer();
    }
    const next = await fetch(`${baseUrl}/healthz`);

    expect(answers).toEqual(Array(3).fill({ status: 401, connection: 'close' }));
    expect(next.status).toBe(200);
  });

  it('drains a small unread body and keeps the connection: the next request on the same socket is served', async () => {
    const client = new RawClient(server.port);
    client.send(uploadHead(512 * 1024));
    client.send(Buffer.alloc(512 * 1024, 'x'));
    client.send('GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n');

    await expect.poll(() => client.received.match(/HTTP\/1\.1 \d{3} /g)?.length ?? 0).toBe(2);
    client.socket.end();

    expect(client.received).toMatch(/^HTTP\/1\.1 401 /);
    expect(client.received).not.toMatch(/connection: close/i);
    expect(client.received).toMatch(/HTTP\/1\.1 200 [\s\S]*"status":"ok"/);
  });

  it('sends its FIN, not a reset, to a client still sending a large body after the answer', async () => {
    const client = new RawClient(server.port);
    client.send(uploadHead(8 * MiB));
    client.send(Buffer.alloc(8 * MiB, 'x'));

    await client.closed;

    expect(client.received).toMatch(/^HTTP\/1\.1 401 [\s\S]*connection: close/i);
    expect(client.received).toContain('"status":401');
    expect(client.finAt).toBeGreaterThan(0);
    expect(client.reset).toBe(false);
  });

  it('reads at most DISCARD_MAX_BYTES (and what the sockets buffer) of a huge body after its 413', async () => {
    const client = new RawClient(server.port, { ignoringFin: true });
    client.send(uploadHead(1_000_000_000));
    client.flood(Buffer.alloc(MiB, 'x'));

    await client.closed;

    expect(client.received).toMatch(/^HTTP\/1\.1 413 /);
    expect(client.written).toBeGreaterThan(DISCARD_MAX_BYTES);
    expect(client.written).toBeLessThan(DISCARD_MAX_BYTES + 32 * MiB);
  });

  it('cuts off a client dribbling a huge body after its 413 within DISCARD_MAX_MS', async () => {
    const client = new RawClient(server.port, { ignoringFin: true });
    client.send(uploadHead(1_000_000_000));
    const dribble = setInterval(() => {
      if (!client.socket.destroyed) client.send('x'.repeat(1024));
    }, 20);

    const closedAt = await client.closed;
    clearInterval(dribble);

    expect(client.received).toMatch(/^HTTP\/1\.1 413 /);
    expect(closedAt - client.answeredAt).toBeLessThan(DISCARD_MAX_MS + SLACK_MS);
    expect(closedAt - client.answeredAt).toBeGreaterThan(DISCARD_MAX_MS - 100);
  });
});
