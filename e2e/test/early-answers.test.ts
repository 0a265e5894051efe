import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { ACCESS_AUDIENCE, TokenSigner } from '@shop/identity';
import { useTestEnvironment } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../fixtures/client.js';
import { type RunningSystem, startSystem } from '../fixtures/system.js';

const env = useTestEnvironment();
const MiB = 1024 * 1024;
// The gateway's and the catalog's import limit, lowered so a 4 MiB file is over it.
const IMPORT_LIMIT_BYTES = 3 * MiB;
// How long the platform reads and discards an unread body after its answer, plus room for a busy machine.
const CUT_OFF_WITHIN_MS = 2_000 + 1_500;

/** A CSV of valid product rows of at least `bytes` bytes. */
function csvOf(bytes: number): string {
  const row = 'Widget,1,Tools,9.99\n';
  return `name,quantity,category,price\n${row.repeat(Math.ceil(bytes / row.length))}`;
}

const twoMegabyteCsv = csvOf(2 * MiB);
const overTheImportLimitCsv = csvOf(4 * MiB);

interface Answer {
  status: number;
  contentType: string | null;
  body: Record<string, unknown>;
}

describe('an answer given before the upload was read reaches the client', () => {
  let system: RunningSystem;
  let customerToken: string;
  let adminToken: string;

  beforeAll(async () => {
    system = await startSystem({
      ...env,
      env: {
        ...env.env,
        IMPORT_BODY_LIMIT_BYTES: String(IMPORT_LIMIT_BYTES),
        IMPORT_MAX_BYTES: String(IMPORT_LIMIT_BYTES),
      },
    });
    customerToken = (await signIn(system.gatewayUrl, `early-${randomUUID()}@shop.test`)).access_token;
    adminToken = (await signIn(system.gatewayUrl, 'admin@shop.local', 'admin-password-123')).access_token;
  });

  afterAll(async () => {
    await system?.stop();
  });

  // Node's own fetch and its one global dispatcher: the follow-up request comes from the same client,
  // on a kept-alive connection where one is left.

  /** Posts `csv` as a multipart file with Node's fetch, as a browser form or an SDK would. */
  async function upload(baseUrl: string, csv: string, token?: string): Promise<Answer> {
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'big.csv');
    const response = await fetch(`${baseUrl}/products/bulk-import`, {
      method: 'POST',
      body: form,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    const contentType = response.headers.get('content-type');
    return { status: response.status, contentType, body: (await response.json()) as Record<string, unknown> };
  }

  /** The same client's next request, a plain read. */
  async function nextRequestStatus(baseUrl: string): Promise<number> {
    const response = await fetch(`${baseUrl}/products?limit=1`);
    await response.arrayBuffer();
    return response.status;
  }

  function expectProblem(answer: Answer, status: number) {
    expect(answer.status).toBe(status);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ status });
  }

  it('an anonymous 2 MB upload through the gateway gets 401 problem+json, every time, and the client is served next', async () => {
    const answers = [];
    for (let attempt = 0; attempt < 3; attempt++)
      answers.push(await upload(system.gatewayUrl, twoMegabyteCsv));

    for (const answer of answers) expectProblem(answer, 401);
    expect(await nextRequestStatus(system.gatewayUrl)).toBe(200);
  });

  it("a customer's 2 MB upload through the gateway gets 403 problem+json, every time, and the client is served next", async () => {
    const answers = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      answers.push(await upload(system.gatewayUrl, twoMegabyteCsv, customerToken));
    }

    for (const answer of answers) expectProblem(answer, 403);
    expect(await nextRequestStatus(system.gatewayUrl)).toBe(200);
  });

  it("an upload with a token the gateway itself refuses gets the gateway's 401 and the client is served next", async () => {
    const forger = new TokenSigner(generateKeyPairSync('ed25519').privateKey, 'forged', 'shop-auth');
    const forged = forger.sign(
      { sub: '1', sid: randomUUID(), typ: 'access', aud: ACCESS_AUDIENCE, role: 'admin' },
      60,
    );
    const answers = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      answers.push(await upload(system.gatewayUrl, twoMegabyteCsv, forged));
    }

    for (const answer of answers) expectProblem(answer, 401);
    expect(await nextRequestStatus(system.gatewayUrl)).toBe(200);
  });

  it("an admin's upload over the gateway's import limit gets 413 problem+json and the client is served next", async () => {
    const answers = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      answers.push(await upload(system.gatewayUrl, overTheImportLimitCsv, adminToken));
    }

    for (const answer of answers) expectProblem(answer, 413);
    expect(await nextRequestStatus(system.gatewayUrl)).toBe(200);
  });

  it('straight at the catalog an anonymous upload gets 401 and one over its limit 413, and the client is served next', async () => {
    const anonymous = [];
    for (let attempt = 0; attempt < 3; attempt++)
      anonymous.push(await upload(system.catalogUrl, twoMegabyteCsv));
    const tooLarge = await upload(system.catalogUrl, overTheImportLimitCsv, adminToken);

    for (const answer of anonymous) expectProblem(answer, 401);
    expectProblem(tooLarge, 413);
    expect(await nextRequestStatus(system.catalogUrl)).toBe(200);
  });

  it('a client dribbling a huge body after the 413 is cut off within the bound and the gateway serves others', async () => {
    const { port } = new URL(system.gatewayUrl);
    // Half-open: it goes on sending after the gateway's FIN, as a hostile client does.
    const socket = connect({ port: Number(port), host: '127.0.0.1', allowHalfOpen: true });
    let received = '';
    let answeredAt = 0;
    socket.on('data', (chunk) => {
      received += chunk;
      if (!answeredAt && received.includes('\r\n\r\n')) answeredAt = performance.now();
    });
    socket.on('error', () => {}); // the cut-off may reach this client as a reset
    const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(performance.now())));
    socket.write(
      'POST /products/bulk-import HTTP/1.1\r\nHost: shop.test\r\nContent-Type: text/csv\r\n' +
        'Content-Length: 1000000000\r\n\r\nname,quantity,category,price\n',
    );
    const dribble = setInterval(() => {
      if (!socket.destroyed) socket.write('Widget,1,Tools,9.99\n'.repeat(50));
    }, 20);

    const closedAt = await closed;
    clearInterval(dribble);

    expect(received).toMatch(/^HTTP\/1\.1 413 /);
    expect(received).toContain('application/problem+json');
    expect(answeredAt).toBeGreaterThan(0);
    expect(closedAt - answeredAt).toBeLessThan(CUT_OFF_WITHIN_MS);
    expect(await nextRequestStatus(system.gatewayUrl)).toBe(200);
  });
});
