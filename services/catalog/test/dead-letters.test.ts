import { randomUUID } from 'node:crypto';
import { encodeDeadLetterCursor } from '@shop/service';
import { useEventTap, useTestEnvironment, waitFor } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { useTestCatalog } from './fixtures/test-catalog.js';

const env = useTestEnvironment();

const catalog = useTestCatalog(env);
const tap = useEventTap(env);

/** An order.execution-requested without its items: the catalog dead-letters it at once. */
async function publishInvalidOrder(): Promise<string> {
  const [messageId] = await tap.publish({
    type: 'order.execution-requested',
    data: { order_id: 1, user_id: 7 },
  });
  return messageId as string;
}

async function deadLettersOf(messageId: string): Promise<Array<{ id: string }>> {
  return catalog.sql<{ id: string }[]>`select id from dead_letters where message_id = ${messageId}`;
}

function stored(messageId: string): Promise<string> {
  return waitFor(async () => (await deadLettersOf(messageId))[0]?.id, {
    what: `dead letter ${messageId} stored`,
  }) as Promise<string>;
}

describe('GET /admin/dead-letters', () => {
  it.each([
    ['anonymous', 401],
    ['customer', 403],
  ] as const)('answers %s callers %i', async (as, status) => {
    const response = await catalog.request('GET', '/admin/dead-letters', { as });

    expect(response.status).toBe(status);
    expect(response.contentType).toBe('application/problem+json');
  });

  it('lists an invalid message newest first, with why it died and its payload', async () => {
    const messageId = await publishInvalidOrder();
    const id = await stored(messageId);

    const response = await catalog.request('GET', '/admin/dead-letters', { as: 'admin' });

    expect(response.status).toBe(200);
    expect(response.body.items[0]).toEqual({
      id,
      service: 'catalog',
      message_id: messageId,
      type: 'order.execution-requested',
      reason: 'rejected',
      count: 1,
      dead_lettered_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      payload: expect.objectContaining({ id: messageId, data: { order_id: 1, user_id: 7 } }),
    });
  });

  it('pages with limit and next_cursor, each dead letter once', async () => {
    await Promise.all([stored(await publishInvalidOrder()), stored(await publishInvalidOrder())]);
    const [{ total }] = (await catalog.sql`select count(*)::int as total from dead_letters`) as unknown as [
      { total: number },
    ];

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=1&cursor=${cursor}` : '?limit=1';
      const page = await catalog.request('GET', `/admin/dead-letters${query}`, { as: 'admin' });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.next_cursor;
    } while (cursor);

    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    const metrics = await (await fetch(`${catalog.origin}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`^dead_letters\\{service="catalog"\\} ${total}$`, 'm'));
  });

  it('refuses a cursor it did not hand out with 400', async () => {
    const response = await catalog.request('GET', '/admin/dead-letters?cursor=bogus', { as: 'admin' });

    expect(response.status).toBe(400);
  });

  it('refuses with 400, not 500, a cursor whose time PostgreSQL cannot hold (year 0)', async () => {
    const cursor = encodeDeadLetterCursor({ deadLetteredAt: '0000-01-01T00:00:00.000Z', id: randomUUID() });

    const response = await catalog.request('GET', `/admin/dead-letters?cursor=${cursor}`, { as: 'admin' });

    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: 'cursor', message: 'Invalid cursor' }]);
  });
});

describe('POST /admin/dead-letters/{id}/replay', () => {
  it.each([
    ['anonymous', 401],
    ['customer', 403],
  ] as const)('answers %s callers %i and keeps the dead letter', async (as, status) => {
    const messageId = await publishInvalidOrder();
    const id = await stored(messageId);

    const response = await catalog.request('POST', `/admin/dead-letters/${id}/replay`, { as });

    expect(response.status).toBe(status);
    expect(await deadLettersOf(messageId)).toEqual([{ id }]);
  });

  it('sends the message back to the queue: still invalid, it dies again under a new id', async () => {
    const messageId = await publishInvalidOrder();
    const id = await stored(messageId);

    const response = await catalog.request('POST', `/admin/dead-letters/${id}/replay`, { as: 'admin' });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id, message_id: messageId, replayed: true });
    const again = await waitFor(async () => (await deadLettersOf(messageId))[0]?.id, {
      until: (newId) => newId !== undefined && newId !== id,
      what: 'the replayed message dead-lettered again',
    });
    expect(again).not.toBe(id);
    const [row] = await catalog.sql`select type, reason from dead_letters where id = ${again as string}`;
    expect(row).toEqual({ type: 'order.execution-requested', reason: 'rejected' });
  });

  it('answers 404 for an id it does not hold and 400 for one that is not a uuid', async () => {
    const unknown = await catalog.request('POST', `/admin/dead-letters/${randomUUID()}/replay`, {
      as: 'admin',
    });
    const malformed = await catalog.request('POST', '/admin/dead-letters/42/replay', { as: 'admin' });

    expect(unknown.status).toBe(404);
    expect(unknown.contentType).toBe('application/problem+json');
    expect(malformed.status).toBe(400);
  });
});

it("the routes are in the catalog's OpenAPI document, for admins", async () => {
  const response = await catalog.request('GET', '/openapi.json');

  expect(response.body.paths['/admin/dead-letters'].get.security).toEqual([{ bearerAuth: [] }]);
  expect(response.body.paths['/admin/dead-letters/{id}/replay'].post).toBeDefined();
});
