import { ConflictError } from '@shop/platform';
import { insertUser, type User } from '../data/users.repository.js';
import type { AuthDeps } from '../deps.js';

/** Opens a customer account; 409 when an active account already has the email in any case. */
export async function registerUser(
  { sql, passwords }: AuthDeps,
  input: { email: string; password: string; fullName: string },
): Promise<User> {
  const passwordHash = await passwords.hash(input.password);
  // The unique index decides, so two registrations racing for one email cannot both win.
  const user = await insertUser(sql, {
    email: input.email,
    passwordHash,
    fullName: input.fullName,
    role: 'customer',
  });
  if (!user) throw new ConflictError(`An account with the email ${input.email} already exists`);
  return user;
}
