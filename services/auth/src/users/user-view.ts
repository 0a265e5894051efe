import type { Role } from '@shop/identity';
import type { User } from '../data/users.repository.js';

/** A user as clients see it. */
export interface UserView {
  id: number;
  email: string;
  full_name: string;
  role: Role;
  created_at: string;
}

/** Shapes an account for a response: no hash, no internal columns. */
export function toUserView(user: User): UserView {
  return {
    id: user.id,
    email: user.email,
    full_name: user.fullName,
    role: user.role,
    created_at: user.createdAt.toISOString(),
  };
}
