// deadlock_detected, serialization_failure, lock_not_available (lock_timeout)
const RETRYABLE = new Set(['40P01', '40001', '55P03']);

/** True for a failure that running the same transaction again may not meet. */
export function isTransientDatabaseError(error: unknown): boolean {
  return RETRYABLE.has(String((error as { code?: unknown })?.code));
}
