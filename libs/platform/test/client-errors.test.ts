import { connect } from 'node:net';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpServer, serveHttp } from '../src/index.js';

let server: HttpServer;

beforeAll(async () => {
  const app = new Hono().get('/', (c) => c.text('ok'));
  server = await serveHttp(app.fetch, 0, '127.0.0.1');
});

afterAll(async () => {
  await server?.close();
});

/** Sends raw bytes on a new connection; everything the server answered before it closed. */
function exchange(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port: server.port, host: '127.0.0.1' });
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(received));
    socket.write(request);
  });
}

function parsed(answer: string) {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  return { statusLine: head.split('\r\n')[0], head: head.toLowerCase(), body: JSON.parse(body) };
}

describe('serveHttp: requests Node refuses before the app sees them', () => {
  it('a request head over 16 KiB is a 431 problem+json, not a bare 431', async () => {
    const answer = parsed(
      await exchange(`GET / HTTP/1.1\r\nHost: t\r\nX-Big: ${'x'.repeat(20_000)}\r\n\r\n`),
    );

    expect(answer.statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(answer.head).toContain('content-type: application/problem+json');
    expect(answer.body).toMatchObject({ status: 431, title: 'Request Header Fields Too Large' });
  });

  it('a malformed request is a 400 problem+json, and the server still answers the next one', async () => {
    const answer = parsed(await exchange('NOT HTTP AT ALL\r\n\r\n'));

    expect(answer.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(answer.body).toMatchObject({ status: 400, detail: 'Malformed HTTP request' });
    expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(200);
  });
});
