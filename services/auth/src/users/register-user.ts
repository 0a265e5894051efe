import { ConflictError } from '@shop/platform';
import { findActiveUserByEmail, insertUser, type User } from '../data/users.repository.js';
import type { AuthDeps } from '../deps.js';
import { admitRegistration } from './registration-throttle.js';

function emailTaken(email: string): ConflictError {
  return new ConflictError(`An account with the email ${email} already exists`);
}

/**
 * Opens a customer account; 409 when an active account already has the email in any case.
 * The cheap checks (the address's hourly budget, a taken email) come before the bcrypt hash.
 */
export async function registerUser(
  { sql, passwords, registrationsPerIpPerHour }: AuthDeps,
  input: { email: string; password: string; fullName: string; clientIp: string },
): Promise<User> {
  await admitRegistration(sql, input.clientIp, registrationsPerIpPerHour);
  if (await findActiveUserByEmail(sql, input.email)) throw emailTaken(input.email);
  const passwordHash = await passwords.hash(input.password);
  // The unique index decides, so two registrations racing for one email cannot both win.
  const user = await insertUser(sql, {
    email: input.email,
    passwordHash,
    fullName: input.fullName,
    role: 'customer',
  });
  if (!user) throw emailTaken(input.email);
  return user;
}
