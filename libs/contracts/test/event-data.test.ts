import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { type EventType, events, parseEventData } from '../src/index.js';
import { validEventData } from './valid-event-data.js';

const eventTypes = Object.keys(events) as EventType[];

describe('event data contracts', () => {
  it.each(eventTypes)('%s accepts valid data and returns it unchanged', (type) => {
    expect(parseEventData(type, validEventData[type])).toEqual(validEventData[type]);
  });

  it.each(eventTypes)('%s rejects an unknown field', (type) => {
    expect(() => parseEventData(type, { ...validEventData[type], surprise: 1 })).toThrow(ZodError);
  });

  it.each(eventTypes)('%s rejects data that is not an object', (type) => {
    expect(() => parseEventData(type, 'nope')).toThrow(ZodError);
  });

  it('rejects wrongly typed fields', () => {
    expect(() => parseEventData('user.deleted', { user_id: '7' })).toThrow(ZodError);
    expect(() => parseEventData('user.deleted', { user_id: 7.5 })).toThrow(ZodError);
    expect(() => parseEventData('user.deleted', { user_id: 0 })).toThrow(ZodError);
    expect(() => parseEventData('product.deleted', {})).toThrow(ZodError);
    expect(() =>
      parseEventData('product.upserted', { ...validEventData['product.upserted'], active: 'yes' }),
    ).toThrow(ZodError);
    expect(() =>
      parseEventData('product.upserted', { ...validEventData['product.upserted'], name: '' }),
    ).toThrow(ZodError);
    expect(() =>
      parseEventData('session.revoked', { ...validEventData['session.revoked'], session_id: 'abc' }),
    ).toThrow(ZodError);
  });

  it('catalog events written before versions (without them) still parse; a version below 1 or fractional is refused', () => {
    const { version: _, category_version: __, ...unversioned } = validEventData['product.upserted'];
    expect(parseEventData('product.upserted', unversioned)).toEqual(unversioned);
    expect(parseEventData('product.deleted', { product_id: 3 })).toEqual({ product_id: 3 });
    expect(parseEventData('category.renamed', { category_id: 2, name: 'PCs' })).toEqual({
      category_id: 2,
      name: 'PCs',
    });
    for (const version of [0, -1, 1.5, '2']) {
      expect(() => parseEventData('product.deleted', { product_id: 3, version }), `${version}`).toThrow(
        ZodError,
      );
      expect(() => parseEventData('product.upserted', { ...unversioned, category_version: version })).toThrow(
        ZodError,
      );
    }
  });

  it('rejects money with 3 decimals, below zero or beyond numeric(12,2), and accepts its edges', () => {
    const product = validEventData['product.upserted'];
    for (const price of [10.005, -0.01, 10_000_000_000, Number.POSITIVE_INFINITY, Number.NaN]) {
      expect(() => parseEventData('product.upserted', { ...product, price }), `price ${price}`).toThrow(
        ZodError,
      );
    }
    for (const price of [0, 0.1, 0.07, 19.99, 9_999_999_999.99]) {
      expect(parseEventData('product.upserted', { ...product, price }).price).toBe(price);
    }
  });

  it('rejects an execution request without lines or with a zero quantity', () => {
    const request = validEventData['order.execution-requested'];
    expect(() => parseEventData('order.execution-requested', { ...request, items: [] })).toThrow(ZodError);
    expect(() =>
      parseEventData('order.execution-requested', { ...request, items: [{ product_id: 3, quantity: 0 }] }),
    ).toThrow(ZodError);
    expect(() =>
      parseEventData('order.execution-requested', {
        ...request,
        items: [{ product_id: 3, quantity: 1, extra: 1 }],
      }),
    ).toThrow(ZodError);
  });

  it('accepts only the known shortage reasons', () => {
    const rejection = validEventData['stock.rejected'];
    const shortage = { product_id: 3, requested: 2, available: 0 };
    for (const reason of ['insufficient_stock', 'unknown_product', 'inactive_product']) {
      expect(() =>
        parseEventData('stock.rejected', { ...rejection, shortages: [{ ...shortage, reason }] }),
      ).not.toThrow();
    }
    expect(() =>
      parseEventData('stock.rejected', { ...rejection, shortages: [{ ...shortage, reason: 'sold_out' }] }),
    ).toThrow(ZodError);
  });

  it('accepts only upper-case two-letter country codes and ISO date-times on an executed order', () => {
    const executed = validEventData['order.executed'];
    for (const country_code of ['fr', 'FRA', 'F1']) {
      expect(() => parseEventData('order.executed', { ...executed, country_code })).toThrow(ZodError);
    }
    expect(() => parseEventData('order.executed', { ...executed, executed_at: '2030-01-01 12:00' })).toThrow(
      ZodError,
    );
  });

  it('takes 1 to 1,000 products in a products.upserted, each checked as a product.upserted is', () => {
    const [product] = validEventData['products.upserted'].products;
    const many = (count: number) => ({ products: Array.from({ length: count }, () => product) });
    expect(parseEventData('products.upserted', many(1_000)).products).toHaveLength(1_000);
    expect(() => parseEventData('products.upserted', many(0))).toThrow(ZodError);
    expect(() => parseEventData('products.upserted', many(1_001))).toThrow(ZodError);
    expect(() => parseEventData('products.upserted', { products: [{ ...product, price: -1 }] })).toThrow(
      ZodError,
    );
    expect(() => parseEventData('products.upserted', { products: [{ ...product, stock: 3 }] })).toThrow(
      ZodError,
    );
  });

  it('lets a resync request omit who asked, but not name an unknown service', () => {
    expect(parseEventData('catalog.resync-requested', {})).toEqual({});
    expect(() => parseEventData('catalog.resync-requested', { requested_by: 'billing' })).toThrow(ZodError);
  });

  it('refuses an unknown event type with a clear error rather than a ZodError', () => {
    expect(() => parseEventData('order.shipped' as EventType, {})).toThrow(
      /Unknown event type: order\.shipped/,
    );
  });
});
