import { type Queryable, TooManyRequestsError } from '@shop/platform';
import { countRegistration } from '../data/registration-attempts.repository.js';

/**
 * Counts a registration attempt of an address and refuses it (429 with Retry-After) past
 * `perHour`: registering costs a bcrypt hash, so one client must not be able to spend auth's CPU.
 * The count lives in auth's database, so it holds across replicas.
 */
export async function admitRegistration(sql: Queryable, clientIp: string, perHour: number): Promise<void> {
  const { attempts, retryAfterSeconds } = await countRegistration(sql, clientIp);
  if (attempts <= perHour) return;
  throw new TooManyRequestsError(
    `Too many registrations from this address; try again in ${retryAfterSeconds} seconds`,
    undefined,
    { 'retry-after': String(retryAfterSeconds) },
  );
}
