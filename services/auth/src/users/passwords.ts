import { randomBytes } from 'node:crypto';
import { BcryptPool } from './bcrypt-pool.js';

/** bcrypt reads only the first 72 bytes; longer passwords are refused, never truncated. */
export const MAX_PASSWORD_BYTES = 72;
export const MIN_PASSWORD_BYTES = 8;

/** Hashes and checks passwords with bcrypt at one cost. */
export class Passwords {
  private constructor(
    private readonly pool: BcryptPool,
    private readonly cost: number,
    private readonly dummyHash: string,
  ) {}

  /**
   * Prepares a hasher on `workers` threads, with a hash of a random secret to compare against
   * when the user is unknown.
   */
  static async withCost(cost: number, workers: number): Promise<Passwords> {
    const pool = new BcryptPool(workers);
    return new Passwords(pool, cost, await pool.hash(randomBytes(16).toString('hex'), cost));
  }

  hash(password: string): Promise<string> {
    return this.pool.hash(password, this.cost);
  }

  /** True when `password` matches `hash`; without a hash it spends the same time and answers false. */
  async matches(password: string, hash: string | undefined): Promise<boolean> {
    const matched = await this.pool.compare(password, hash ?? this.dummyHash);
    return matched && hash !== undefined;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
