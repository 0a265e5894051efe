import type { Role } from '@shop/identity';
import { isUniqueViolation, type Queryable } from '@shop/platform';

/** An active account as the use-cases see it (never sent as is: see toUserView). */
export interface User {
  id: number;
  email: string;
  fullName: string;
  role: Role;
  passwordHash: string;
  createdAt: Date;
}

interface UserRow {
  id: string;
  email: string;
  full_name: string;
  role: Role;
  password_hash: string;
  created_at: Date;
}

function userOf(row: UserRow | undefined): User | undefined {
  if (!row) return undefined;
  const { id, email, full_name, role, password_hash, created_at } = row;
  return {
    id: Number(id),
    email,
    fullName: full_name,
    role,
    passwordHash: password_hash,
    createdAt: created_at,
  };
}

/** Inserts an account unless an active one has the email (any case); undefined when taken. */
export async function insertUser(
  q: Queryable,
  user: { email: string; passwordHash: string; fullName: string; role: Role },
): Promise<User | undefined> {
  const [row] = await q<UserRow[]>`
    insert into users (email, password_hash, full_name, role)
    values (${user.email}, ${user.passwordHash}, ${user.fullName}, ${user.role})
    on conflict (lower(email)) where deleted_at is null do nothing
    returning *`;
  return userOf(row);
}

/** The active account with this email, compared case-insensitively. */
export async function findActiveUserByEmail(q: Queryable, email: string): Promise<User | undefined> {
  const [row] = await q<UserRow[]>`
    select * from users where lower(email) = lower(${email}) and deleted_at is null`;
  return userOf(row);
}

/** The active account with this id, locked for the rest of the transaction. */
export async function lockActiveUser(q: Queryable, id: number): Promise<User | undefined> {
  const [row] = await q<UserRow[]>`select * from users where id = ${id} and deleted_at is null for update`;
  return userOf(row);
}

/** The caller's account, provided it is active and the token's session is live; optionally locked. */
export async function findCaller(
  q: Queryable,
  { userId, sessionId, lock = false }: { userId: number; sessionId: string; lock?: boolean },
): Promise<User | undefined> {
  const [row] = await q<UserRow[]>`
    select u.* from users u join sessions s on s.user_id = u.id
    where u.id = ${userId} and s.id = ${sessionId} and u.deleted_at is null
      and s.revoked_at is null and s.expires_at > now()
    ${lock ? q`for update of u` : q``}`;
  return userOf(row);
}

/** Applies the given profile changes; 'email-taken' when another active account has the email. */
export async function updateProfile(
  q: Queryable,
  id: number,
  changes: { email?: string; fullName?: string; passwordHash?: string },
): Promise<User | 'email-taken'> {
  try {
    const [row] = await q<UserRow[]>`
      update users set
        email = coalesce(${changes.email ?? null}, email),
        full_name = coalesce(${changes.fullName ?? null}, full_name),
        password_hash = coalesce(${changes.passwordHash ?? null}, password_hash),
        updated_at = now()
      where id = ${id}
      returning *`;
    return userOf(row) as User;
  } catch (error) {
    if (isUniqueViolation(error)) return 'email-taken';
    throw error;
  }
}

/** Sets the role of an account. */
export async function setRole(q: Queryable, id: number, role: Role): Promise<User> {
  const [row] = await q<UserRow[]>`
    update users set role = ${role}, updated_at = now() where id = ${id} returning *`;
  return userOf(row) as User;
}

/** Soft-deletes an account: its email is free again, its row stays for history. */
export async function markDeleted(q: Queryable, id: number): Promise<void> {
  await q`update users set deleted_at = now(), updated_at = now() where id = ${id}`;
}

/** Serialises changes to the set of admins until the transaction ends (take it before any row lock). */
export async function lockAdminRoster(q: Queryable): Promise<void> {
  await q`select pg_advisory_xact_lock(hashtext('auth.admin-roster'))`;
}

/** How many active admins there are. */
export async function countActiveAdmins(q: Queryable): Promise<number> {
  const [row] = await q<
    { n: number }[]
  >`select count(*)::int as n from users where role = 'admin' and deleted_at is null`;
  return row?.n ?? 0;
}

/** Accounts deleted less than `seconds` ago, with when. */
export async function listDeletedSince(
  q: Queryable,
  seconds: number,
): Promise<Array<{ userId: number; deletedAt: Date }>> {
  const rows = await q<{ id: string; deleted_at: Date }[]>`
    select id, deleted_at from users
    where deleted_at > now() - make_interval(secs => ${seconds}) order by deleted_at`;
  return rows.map((row) => ({ userId: Number(row.id), deletedAt: row.deleted_at }));
}
