import { DEFAULT_ADMIN_PASSWORD } from '../config.js';
import { findActiveUserByEmail, insertUser } from '../data/users.repository.js';
import type { AuthDeps } from '../deps.js';

/**
 * Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD unless an active account has that email.
 * An existing account is never changed; replicas starting together create one admin (unique index).
 * In production an existing admin still holding the development password stops start-up: a
 * development database switched to production would otherwise keep it, ignoring ADMIN_PASSWORD.
 */
export async function seedAdmin(
  { sql, passwords, logger }: AuthDeps,
  admin: { email: string; password: string },
  { production }: { production: boolean },
): Promise<void> {
  const existing = await findActiveUserByEmail(sql, admin.email);
  if (existing) {
    if (existing.role !== 'admin')
      logger.warn({ email: admin.email }, 'ADMIN_EMAIL belongs to a non-admin account');
    else if (production && (await passwords.matches(DEFAULT_ADMIN_PASSWORD, existing.passwordHash)))
      throw new Error(
        `the admin ${admin.email} still has the development password: change it (PATCH /users/update) before switching to production`,
      );
    return;
  }
  const passwordHash = await passwords.hash(admin.password);
  const created = await insertUser(sql, {
    email: admin.email,
    passwordHash,
    fullName: 'Administrator',
    role: 'admin',
  });
  if (created) logger.info({ email: admin.email, user_id: created.id }, 'created the first admin');
}
