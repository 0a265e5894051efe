import { Agent, get } from 'node:http';
import { fileURLToPath } from 'node:url';
import { startTsProcess, waitFor } from '@shop/testing';
import { describe, expect, it } from 'vitest';

const slowServer = fileURLToPath(new URL('./fixtures/slow-server.ts', import.meta.url));

interface Answer {
  status?: number;
  connection?: string;
  body?: string;
  errorCode?: string;
}

/** GET through `agent`, resolving with the answer or the connection error's code. */
function getThrough(agent: Agent, url: string): Promise<Answer> {
  return new Promise((resolve) => {
    get(url, { agent }, function readAnswer(response) {
      let body = '';
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () =>
        resolve({ status: response.statusCode, connection: response.headers.connection, body }),
      );
    }).on('error', (error: NodeJS.ErrnoException) => resolve({ errorCode: error.code }));
  });
}

describe('serveHttp with handleShutdown', () => {
  it('on SIGTERM the in-flight request is answered, a pooled client gets no more work in and the process exits 0', async () => {
    const server = startTsProcess(slowServer, { LOG_LEVEL: 'info' });
    const port = await waitFor(() => /listening on (\d+)/.exec(server.output())?.[1], {
      timeoutMs: 20_000,
      what: 'the slow server to listen',
    });
    // One kept-alive connection, as the gateway's pooled agent holds to a service.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const inFlight = getThrough(agent, `http://127.0.0.1:${port}/slow`);
    await waitFor(() => server.output().includes('request started'), { what: 'the request to be in flight' });

    server.child.kill('SIGTERM');
    const answered = await inFlight;
    const next = await getThrough(agent, `http://127.0.0.1:${port}/slow`);
    agent.destroy();

    expect(answered).toEqual({ status: 200, connection: 'close', body: '{"finished":true}' });
    expect(next).toEqual({ errorCode: 'ECONNREFUSED' });
    expect(await server.exited, server.output()).toBe(0);
    expect(server.output().match(/request started/g)).toHaveLength(1);
    expect(server.output()).not.toContain('shutdown timed out');
  });
});
