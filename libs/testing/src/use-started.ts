import { afterAll, beforeAll } from 'vitest';

/**
 * Registers hooks that start something before the calling file's tests and stop it after them, and
 * answers a stand-in that forwards to what was started: read it inside tests or hooks. Vitest runs the
 * after-hooks in reverse, so what a file uses later stops first.
 */
export function useStarted<T extends object>(
  what: string,
  start: () => Promise<T>,
  stop: (started: T) => Promise<void>,
): T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  });
  afterAll(async () => {
    if (started) await stop(started);
  });
  return standIn(what, () => started);
}

/** Forwards every read to `current()`; a method of its class stays bound to it. */
function standIn<T extends object>(what: string, current: () => T | undefined): T {
  return new Proxy({} as T, {
    get(_, property) {
      const target = current();
      if (!target) {
        if (property === 'then') return undefined;
        throw new Error(`${what} is read before beforeAll started it`);
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' && !Object.hasOwn(target, property) ? value.bind(target) : value;
    },
  });
}
