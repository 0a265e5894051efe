import { z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { cursorCodec, pageQueryShape } from './page-cursor.js';

const position = z.strictObject({
  at: z.iso.datetime().transform((text) => new Date(text)),
  id: z.int().positive(),
});
const orders = cursorCodec('orders', position);

function refusal(read: () => unknown): ValidationError {
  try {
    read();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('the cursor was accepted');
}

const base64url = (json: unknown) => Buffer.from(JSON.stringify(json)).toString('base64url');

describe('cursorCodec', () => {
  it('gives back the position it encoded, through the schema, for the same binding in any key order', () => {
    const cursor = orders.encode({ at: '2026-03-01T10:00:00.000Z', id: 7 }, { status: 'paid', from: '2026' });

    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(orders.decode(cursor, { from: '2026', status: 'paid', to: undefined })).toEqual({
      at: new Date('2026-03-01T10:00:00.000Z'),
      id: 7,
    });
  });

  it('no cursor is no position', () => {
    expect(orders.decode(undefined)).toBeUndefined();
  });

  it.each([
    ['another binding', { status: 'cancelled', from: '2026' }],
    ['a missing filter', { status: 'paid' }],
    ['an extra filter', { status: 'paid', from: '2026', to: '2027' }],
  ])('refuses a cursor read with %s, at path cursor', (_, binding) => {
    const cursor = orders.encode({ at: '2026-03-01T10:00:00.000Z', id: 7 }, { status: 'paid', from: '2026' });

    const error = refusal(() => orders.decode(cursor, binding));

    expect(error.status).toBe(400);
    expect(error.errors).toEqual([{ path: 'cursor', message: expect.stringContaining('other filters') }]);
  });

  it('refuses a cursor of another list with the same position shape', () => {
    const cursor = cursorCodec('invoices', position).encode({ at: '2026-03-01T10:00:00.000Z', id: 7 });

    expect(refusal(() => orders.decode(cursor)).errors).toEqual([
      { path: 'cursor', message: expect.any(String) },
    ]);
  });

  it.each([
    ['not base64url JSON', '!!!'],
    ['JSON of something else', base64url([1, 2])],
    ['an envelope with extra fields', base64url({ b: 'x', p: {}, extra: 1 })],
  ])('refuses %s as an invalid cursor', (_, cursor) => {
    expect(refusal(() => orders.decode(cursor)).errors).toEqual([
      { path: 'cursor', message: 'Invalid cursor' },
    ]);
  });

  it('refuses a cursor whose position its schema rejects, though its binding matches', () => {
    const genuine = JSON.parse(
      Buffer.from(orders.encode({ at: '2026-03-01T10:00:00.000Z', id: 7 }), 'base64url').toString(),
    );
    const tampered = base64url({ ...genuine, p: { at: '2026-02-30T10:00:00.000Z', id: 7 } });

    expect(refusal(() => orders.decode(tampered)).errors).toEqual([
      { path: 'cursor', message: 'Invalid cursor' },
    ]);
  });
});

describe('pageQueryShape', () => {
  const query = z.strictObject(pageQueryShape);

  it('limit defaults to 50 and is read from its query text', () => {
    expect(query.parse({})).toEqual({ limit: 50 });
    expect(query.parse({ limit: '500', cursor: 'abc' })).toEqual({ limit: 500, cursor: 'abc' });
  });

  it.each([['0'], ['501'], ['ten'], ['1.5']])('refuses limit=%s', (limit) => {
    expect(query.safeParse({ limit }).success).toBe(false);
  });
});
