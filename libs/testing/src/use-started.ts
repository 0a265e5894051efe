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

/**
 * Forwards every read to `current()`, and a call where it is a function (a postgres.js pool); a method of
 * its class stays bound to it.
 */
function standIn<T extends object>(what: string, current: () => T | undefined): T {
  const started = (): T => {
    const target = current();
    if (!target) throw new Error(`${what} is used before beforeAll started it`);
    return target;
  };
  return new Proxy((() => {}) as unknown as T, {
    get(_, property) {
      if (property === 'then' && !current()) return undefined;
      const target = started();
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' && !Object.hasOwn(target, property) ? value.bind(target) : value;
    },
    apply(_, thisArg, args) {
      return Reflect.apply(started() as (...args: unknown[]) => unknown, thisArg, args);
    },
  });
}
