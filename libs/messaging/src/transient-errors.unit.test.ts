import { describe, expect, it } from 'vitest';
import { isTimeoutError, isTransientError } from './transient-errors.js';

/** An error as postgres.js or Node raise them: a message and a code (SQLSTATE or errno name). */
const failure = (code: unknown) => Object.assign(new Error(`failed with ${String(code)}`), { code });

describe('isTransientError', () => {
  it.each([
    ['ECONNREFUSED', 'database not listening'],
    ['ECONNRESET', 'connection reset'],
    ['ENOTFOUND', 'host not resolvable (yet)'],
    ['EAI_AGAIN', 'DNS answering later'],
    ['CONNECTION_CLOSED', "postgres.js: the connection's socket closed"],
    ['CONNECT_TIMEOUT', 'postgres.js: no connection in time'],
    ['08006', 'connection failure'],
    ['53300', 'too many connections'],
    ['57P01', 'admin shutdown'],
    ['57P03', 'cannot connect now (starting up)'],
    ['58030', 'I/O error'],
    ['28P01', 'password being rotated'],
    ['3D000', 'database being re-created'],
    ['40001', 'serialization failure'],
    ['40P01', 'deadlock'],
    ['55000', 'object not in prerequisite state'],
    ['55006', 'object in use'],
    ['25006', 'read-only transaction after a failover'],
  ])('%s (%s) is the infrastructure: retry later', (code) => {
    expect(isTransientError(failure(code))).toBe(true);
    expect(isTimeoutError(failure(code))).toBe(false);
  });

  it.each([
    ['23505', 'unique violation'],
    ['23514', 'check violation'],
    ['22P02', 'invalid text representation'],
    ['42P01', 'undefined table'],
    ['P0001', 'raised by a trigger'],
    ['ERR_INVALID_ARG_TYPE', 'a bug in the caller'],
  ])('%s (%s) is the message or the code: charge the message', (code) => {
    expect(isTransientError(failure(code))).toBe(false);
  });

  it.each([
    ['57014', 'statement_timeout'],
    ['55P03', 'lock_timeout'],
    ['25P03', 'idle_in_transaction_session_timeout'],
  ])('%s (%s) is a timeout: not transient (it could time out forever), but a timeout', (code) => {
    expect(isTransientError(failure(code))).toBe(false);
    expect(isTimeoutError(failure(code))).toBe(true);
  });

  it.each([
    ['no code', new Error('plain')],
    ['a numeric code', failure(57)],
    ['null', null],
    ['undefined', undefined],
    ['a string', 'ECONNREFUSED'],
  ])('%s is not transient', (_, error) => {
    expect(isTransientError(error)).toBe(false);
    expect(isTimeoutError(error)).toBe(false);
  });
});
