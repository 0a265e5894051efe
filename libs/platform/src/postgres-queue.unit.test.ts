import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

// postgres.js's pool keeps its connections in these queues (patches/postgres+3.4.9.patch). Under load
// a query takes the first busy connection (shift) and puts it back at the end (push); one that goes
// idle leaves by remove(). Unpatched, a queue that never emptied through shift() kept every slot it
// had ever used: the busy queue of a loaded pool grew by a slot per query, and the remove() of every
// move between queues scanned them all.
interface Queue<T> {
  readonly length: number;
  push(item: T): T;
  shift(): T | undefined;
  remove(item: T): T | null;
}
const require = createRequire(import.meta.url);
const Queue = require(join(dirname(require.resolve('postgres')), 'queue.js')) as <T>() => Queue<T>;

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function retainedBytesAfter(work: () => void): number {
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  work();
  collectGarbage();
  return process.memoryUsage().heapUsed - before;
}

describe("postgres.js's connection queues", () => {
  it('hold no more than their items however many queries went through them', () => {
    const busy = Queue<object>();
    const connections = [{}, {}, {}];
    for (const connection of connections) busy.push(connection);
    const retained = retainedBytesAfter(() => {
      for (let query = 0; query < 2_000_000; query++) {
        busy.push(busy.shift() as object);
      }
    });
    // Unpatched: 23 MB (a slot per query).
    expect(retained).toBeLessThan(1_000_000);
    // 2M rotations of 3 items: rotated by 2, in order, none lost.
    expect([busy.shift(), busy.shift(), busy.shift(), busy.shift()]).toEqual([
      connections[2],
      connections[0],
      connections[1],
      undefined,
    ]);
  });

  it('keep their order through shift, remove and push', () => {
    const queue = Queue<string>();
    for (const item of ['a', 'b', 'c', 'd']) queue.push(item);
    expect(queue.shift()).toBe('a');
    expect(queue.remove('c')).toBe('c');
    expect(queue.remove('a')).toBeNull();
    queue.push('e');
    expect([queue.shift(), queue.shift(), queue.shift(), queue.shift()]).toEqual(['b', 'd', 'e', undefined]);
    expect(queue.length).toBe(0);
    queue.push('f');
    expect(queue.length).toBe(1);
    expect(queue.shift()).toBe('f');
  });
});
