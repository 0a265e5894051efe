import { readdir, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BcryptPool } from '../src/users/bcrypt-pool.js';

// Field 19 of /proc/<pid>/task/<tid>/stat is the thread's nice value (after the parenthesised name).
async function niceValuesOfThisProcess(): Promise<number[]> {
  const tasks = await readdir('/proc/self/task');
  const values = await Promise.all(
    tasks.map(async (tid) => {
      const stat = await readFile(`/proc/self/task/${tid}/stat`, 'utf8').catch(() => '');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(fields[16]);
    }),
  );
  return values.filter((value) => Number.isFinite(value));
}

describe.runIf(process.platform === 'linux')('bcrypt pool threads', () => {
  let pool: BcryptPool;
  let niceBefore: number;

  beforeAll(async () => {
    niceBefore = (await niceValuesOfThisProcess()).filter((nice) => nice === 19).length;
    pool = new BcryptPool(2, { check: 10, hash: 10 });
  });
  afterAll(() => pool.close());

  it('hash and check at the lowest CPU priority, so a login flood cannot starve the cheap requests', async () => {
    const hash = await pool.hash('a password of some length', 4);
    await Promise.all([pool.compare('a password of some length', hash), pool.compare('wrong', hash)]);

    const lowest = (await niceValuesOfThisProcess()).filter((nice) => nice === 19).length;
    expect(lowest - niceBefore).toBe(2);
  });

  it('still answers correctly', async () => {
    const hash = await pool.hash('correct horse', 4);
    expect(await pool.compare('correct horse', hash)).toBe(true);
    expect(await pool.compare('battery staple', hash)).toBe(false);
  });
});
