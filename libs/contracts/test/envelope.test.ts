import { describe, expect, it } from 'vitest';
import { envelopeSchema, envelopeSchemaFor, events } from '../src/index.js';
import { validEventData } from './valid-event-data.js';

function anEnvelope(overrides: Record<string, unknown> = {}) {
  return {
    id: '5f2b8c1e-7a4d-4e3b-9c6f-1d2e3f4a5b6c',
    type: 'stock.released',
    version: 1,
    occurred_at: '2030-01-01T12:00:00.000Z',
    source: 'catalog',
    correlation_id: 'req-42',
    data: validEventData['stock.released'],
    ...overrides,
  };
}

describe('envelope', () => {
  it('accepts a complete envelope, with or without causation_id', () => {
    expect(envelopeSchema.parse(anEnvelope())).toEqual(anEnvelope());
    expect(envelopeSchema.safeParse(anEnvelope({ causation_id: 'msg-1' })).success).toBe(true);
  });

  it('accepts occurred_at with an explicit offset', () => {
    expect(envelopeSchema.safeParse(anEnvelope({ occurred_at: '2030-01-01T14:00:00+02:00' })).success).toBe(
      true,
    );
  });

  it.each([
    ['a non-uuid id', { id: 'abc' }],
    ['an empty type', { type: '' }],
    ['a zero version', { version: 0 }],
    ['a fractional version', { version: 1.5 }],
    ['a date without time', { occurred_at: '2030-01-01' }],
    ['a date-time without offset', { occurred_at: '2030-01-01T12:00:00' }],
    ['an unknown source', { source: 'billing' }],
    ['an empty correlation_id', { correlation_id: '' }],
    ['a correlation_id over 200 characters', { correlation_id: 'x'.repeat(201) }],
    ['an empty causation_id', { causation_id: '' }],
    ['an unknown field', { extra: true }],
    ['undefined data', { data: undefined }],
  ])('rejects %s', (_, overrides) => {
    expect(envelopeSchema.safeParse(anEnvelope(overrides)).success).toBe(false);
  });

  it('rejects an envelope without data', () => {
    const { data: _, ...withoutData } = anEnvelope();
    expect(envelopeSchema.safeParse(withoutData).success).toBe(false);
  });

  it('pins type, version, producer and data when built for one event', () => {
    const stockReleasedEnvelope = envelopeSchemaFor(events['stock.released']);
    expect(stockReleasedEnvelope.safeParse(anEnvelope()).success).toBe(true);
    expect(stockReleasedEnvelope.safeParse(anEnvelope({ type: 'stock.reserved' })).success).toBe(false);
    expect(stockReleasedEnvelope.safeParse(anEnvelope({ version: 2 })).success).toBe(false);
    expect(stockReleasedEnvelope.safeParse(anEnvelope({ source: 'order' })).success).toBe(false);
    expect(stockReleasedEnvelope.safeParse(anEnvelope({ data: {} })).success).toBe(false);
  });

  it('lets every producer of a shared event be its source', () => {
    const resyncEnvelope = envelopeSchemaFor(events['catalog.resync-requested']);
    const resync = { type: 'catalog.resync-requested', data: {} };
    expect(resyncEnvelope.safeParse(anEnvelope({ ...resync, source: 'order' })).success).toBe(true);
    expect(resyncEnvelope.safeParse(anEnvelope({ ...resync, source: 'analytics' })).success).toBe(true);
    expect(resyncEnvelope.safeParse(anEnvelope({ ...resync, source: 'catalog' })).success).toBe(false);
  });
});
