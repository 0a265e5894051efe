import type { EventTap, RawEvent } from './event-tap.js';
import { waitFor } from './wait-for.js';

/** Publishes `count` events, `event(index)` each, in chunks of `chunk` (each confirmed before the next). */
export async function publishBacklog(
  tap: EventTap,
  count: number,
  chunk: number,
  event: (index: number) => RawEvent,
): Promise<void> {
  for (let start = 0; start < count; start += chunk) {
    const size = Math.min(chunk, count - start);
    await tap.publish(...Array.from({ length: size }, (_, i) => event(start + i)));
  }
}

/** A product.upserted as the catalog's import announces it: product `firstId + index`, 40 categories. */
export function importedProduct(firstId: number, index: number, chunk: number): RawEvent {
  const productId = firstId + index;
  const inChunk = index % chunk;
  return {
    type: 'product.upserted',
    source: 'catalog',
    data: {
      product_id: productId,
      name: `Imported ${productId}`,
      price: 1 + (inChunk % 500),
      cost: 0.5,
      category_id: 1 + (inChunk % 40),
      category_name: `category ${1 + (inChunk % 40)}`,
      active: true,
      version: 1,
      category_version: 1,
    },
  };
}

/** Waits (up to 100 s) until `held()` answers `count`: what it answered, the seconds it took and the rate. */
export async function timeUntilHeld(
  count: number,
  held: () => Promise<number>,
): Promise<{ held: number; seconds: number; rate: number }> {
  const started = performance.now();
  const answered = await waitFor(held, {
    until: (found) => found === count,
    timeoutMs: 100_000,
    intervalMs: 100,
    what: 'the whole backlog',
  });
  const seconds = (performance.now() - started) / 1000;
  return { held: answered, seconds, rate: Math.round(count / seconds) };
}
