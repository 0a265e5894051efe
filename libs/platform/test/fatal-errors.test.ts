import { fileURLToPath } from 'node:url';
import { startTsProcess } from '@shop/testing';
import { describe, expect, it } from 'vitest';
import { FATAL_EXIT_CODE } from '../src/index.js';

const failingProcess = fileURLToPath(new URL('./fixtures/failing-process.ts', import.meta.url));

/** The fixture's JSON log lines at level fatal (60). */
function fatalLines(
  output: string,
): Array<{ msg: string; origin: string; err: { message: string; stack: string } }> {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line))
    .filter((entry) => entry.level === 60);
}

describe('the process policy (exitOnUncaughtErrors, installed by handleShutdown)', () => {
  it.each([
    ['exception', 'uncaughtException', 'nobody caught this'],
    ['rejection', 'unhandledRejection', 'nobody awaited this'],
  ])(
    'an uncaught %s is logged as fatal with its stack and the process exits non-zero, though a server holds it open',
    async (failure, origin, message) => {
      const running = startTsProcess(failingProcess, { FAILURE: failure });
      expect(await running.exited, running.output()).toBe(FATAL_EXIT_CODE);
      const [fatal, ...more] = fatalLines(running.output());
      expect(more).toEqual([]);
      expect(fatal).toMatchObject({ origin, err: { message } });
      expect(fatal?.err.stack).toContain('failing-process.ts');
    },
  );
});
