import { describe, expect, it } from 'vitest';
import { entityId, money, quantity } from '../src/index.js';

const INT4_MAX = 2_147_483_647;

describe('shared number schemas fit their PostgreSQL columns', () => {
  it('money accepts what numeric(12,2) holds, written in any JSON number form', () => {
    for (const amount of [0, 0.01, 1e3, 2.5e1, 9_999_999_999.99]) {
      expect(money.safeParse(amount).success, String(amount)).toBe(true);
    }
  });

  it('money refuses more than 2 decimals, more than 10 integer digits, NaN and infinities', () => {
    for (const amount of [
      1e-7,
      5e-324,
      0.001,
      1.005,
      10_000_000_000,
      1e300,
      Number.NaN,
      Infinity,
      -Infinity,
    ]) {
      expect(money.safeParse(amount).success, String(amount)).toBe(false);
    }
  });

  it('a quantity is an int4: 0 to 2^31 - 1', () => {
    expect(quantity.safeParse(INT4_MAX).success).toBe(true);
    expect(quantity.safeParse(INT4_MAX + 1).success).toBe(false);
    expect(quantity.safeParse(-1).success).toBe(false);
  });

  it('an id is a positive safe integer (auth user ids are bigint)', () => {
    expect(entityId.safeParse(INT4_MAX + 1).success).toBe(true);
    expect(entityId.safeParse(2 ** 53).success).toBe(false);
    expect(entityId.safeParse(0).success).toBe(false);
  });
});
