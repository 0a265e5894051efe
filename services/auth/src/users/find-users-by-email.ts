import type { Queryable } from '@shop/platform';
import { findActiveUserByEmail, type User } from '../data/users.repository.js';

/** The active accounts with this email, compared case-insensitively: at most one, none when there is no such user. */
export async function findUsersByEmail(sql: Queryable, email: string): Promise<User[]> {
  const found = await findActiveUserByEmail(sql, email);
  return found ? [found] : [];
}
