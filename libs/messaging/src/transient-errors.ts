// Connection, resources, operator intervention (shutdowns, "cannot connect now"), system/I-O,
// authentication (a password being rotated) and a missing database (being re-created).
const INFRASTRUCTURE_SQLSTATE_CLASSES = ['08', '53', '57', '58', '28', '3D'];
const INFRASTRUCTURE_SQLSTATES = new Set([
  '40001', // serialization failure
  '40P01', // deadlock
  '55000', // object not in prerequisite state (e.g. a database recovering)
  '55006', // object in use
  '25006', // read-only transaction: a failover left us on a standby
]);
// Timeouts: the database is slow, or this very statement is (see isTimeoutError).
const TIMEOUT_SQLSTATES = new Set([
  '57014', // canceled by statement_timeout
  '55P03', // lock_timeout
  '25P03', // idle_in_transaction_session_timeout
]);
const INFRASTRUCTURE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * True for failures of the infrastructure rather than of the message (database restarting or
 * unresolvable, connection lost, deadlock): retrying the same message later will succeed.
 * Timeouts are not among them: a statement that always times out must not retry forever.
 */
export function isTransientError(error: unknown): boolean {
  const code = codeOf(error);
  if (!code || TIMEOUT_SQLSTATES.has(code)) return false;
  return (
    INFRASTRUCTURE_NODE_CODES.has(code) ||
    INFRASTRUCTURE_SQLSTATES.has(code) ||
    (code.length === 5 && INFRASTRUCTURE_SQLSTATE_CLASSES.includes(code.slice(0, 2)))
  );
}

/** True for a statement, lock or idle-in-transaction timeout: back off, but charge the message. */
export function isTimeoutError(error: unknown): boolean {
  const code = codeOf(error);
  return code !== undefined && TIMEOUT_SQLSTATES.has(code);
}

/**
 * True when a statement met a transaction an earlier statement had already failed (25P02,
 * in_failed_sql_transaction): one sent without waiting for it, such as the outbox write of the handler
 * before. The failure is the transaction's, which sql.begin rejects with that statement's own error.
 */
export function isTransactionAlreadyFailed(error: unknown): boolean {
  return codeOf(error) === '25P02';
}
