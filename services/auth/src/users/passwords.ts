import { randomBytes } from 'node:crypto';
import { BcryptPool, type BcryptQueueLimits } from './bcrypt-pool.js';

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
   * Prepares a hasher on `workers` threads with bounded queues (503 past them), and a hash of a
   * random secret to compare against when the user is unknown.
   */
  static async withCost(cost: number, workers: number, queues: BcryptQueueLimits): Promise<Passwords> {
    const pool = new BcryptPool(workers, queues);
    return new Passwords(pool, cost, await pool.hash(randomBytes(16).toString('hex'), cost, 'check'));
  }

  /** Hashes a new password; waits behind sign-in checks, and answers 503 when too many wait already. */
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
