import { describe, expect, it } from 'vitest';
import { events, eventsConsumedBy, isEventType, type ServiceName } from '../src/index.js';

// docs/events.md, the summary table: type → producers → consumers.
const designTable: [type: string, producers: ServiceName[], consumers: ServiceName[]][] = [
  ['user.deleted', ['auth'], ['gateway', 'order']],
  ['session.revoked', ['auth'], ['gateway']],
  ['product.upserted', ['catalog'], ['order', 'analytics']],
  ['products.upserted', ['catalog'], ['order', 'analytics']],
  ['product.deleted', ['catalog'], ['order', 'analytics']],
  ['category.renamed', ['catalog'], ['analytics', 'order']],
  ['catalog.resync-requested', ['order', 'analytics'], ['catalog']],
  ['order.execution-requested', ['order'], ['catalog']],
  ['stock.reserved', ['catalog'], ['order']],
  ['stock.rejected', ['catalog'], ['order']],
  ['order.execution-abandoned', ['order'], ['catalog']],
  ['order.executed', ['order'], ['analytics']],
  ['order.cancelled', ['order'], ['catalog', 'analytics']],
  ['stock.released', ['catalog'], ['order']],
];

describe('event catalogue', () => {
  it('defines exactly the events of the design, each keyed by its own type, at version 1', () => {
    expect(Object.keys(events).sort()).toEqual(designTable.map(([type]) => type).sort());
    for (const [key, definition] of Object.entries(events)) {
      expect(definition.type).toBe(key);
      expect(definition.version).toBe(1);
      expect(definition.description.length).toBeGreaterThan(10);
    }
  });

  it.each(designTable)('%s goes from %j to %j', (type, producers, consumers) => {
    if (!isEventType(type)) throw new Error(`${type} is not an event type`);
    const definition = events[type];
    expect([definition.producer, ...(definition.alsoProducedBy ?? [])].sort()).toEqual([...producers].sort());
    expect([...definition.consumers].sort()).toEqual([...consumers].sort());
  });

  it('binds the order queue to exactly the events the order service consumes', () => {
    expect(eventsConsumedBy('order').sort()).toEqual(
      [
        'product.upserted',
        'products.upserted',
        'product.deleted',
        'category.renamed',
        'user.deleted',
        'stock.reserved',
        'stock.rejected',
        'stock.released',
      ].sort(),
    );
  });

  it('binds the gateway queue to user and session events only, and nothing to auth', () => {
    expect(eventsConsumedBy('gateway').sort()).toEqual(['session.revoked', 'user.deleted']);
    expect(eventsConsumedBy('auth')).toEqual([]);
  });

  it('recognises event types and refuses other strings, including inherited property names', () => {
    expect(isEventType('order.executed')).toBe(true);
    expect(isEventType('order.shipped')).toBe(false);
    expect(isEventType('toString')).toBe(false);
  });
});
