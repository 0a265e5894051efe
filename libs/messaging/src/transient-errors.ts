const TRANSIENT_SQLSTATE_CLASSES = ['08', '53', '57']; // connection, resources, operator intervention
const TRANSIENT_SQLSTATES = new Set(['40001', '40P01']); // serialization failure, deadlock
const TRANSIENT_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

/**
 * True for failures of the infrastructure rather than of the message (database restarting,
 * connection lost, deadlock): retrying the same message later will succeed.
 */
export function isTransientError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return (
    TRANSIENT_NODE_CODES.has(code) ||
    TRANSIENT_SQLSTATES.has(code) ||
    (code.length === 5 && TRANSIENT_SQLSTATE_CLASSES.includes(code.slice(0, 2)))
  );
}
