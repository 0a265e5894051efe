const UNIQUE_VIOLATION = '23505';

/** True when `error` is PostgreSQL refusing a duplicate in the unique index `constraint`. */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const { code, constraint_name } = (error ?? {}) as { code?: unknown; constraint_name?: unknown };
  return code === UNIQUE_VIOLATION && constraint_name === constraint;
}
