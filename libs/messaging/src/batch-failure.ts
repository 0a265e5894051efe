import { type Delivery, HandlerFailure } from './handle-batch.js';
import { isTimeoutError, isTransientError } from './transient-errors.js';

/** What the consumer does with a batch whose transaction failed, and whether it pauses first. */
export type FailureResponse =
  /** A batch handler failed: which message of its run is unknown, so the batch runs one handler per message. */
  | { next: 'one-by-one'; pause: boolean; error: unknown }
  /** The infrastructure failed (or what failed is unknown): the same batch runs again after a pause. */
  | { next: 'retry'; pause: true; error: unknown }
  /** A handler rejected its message: it goes back to the queue, the rest run again. */
  | { next: 'set-aside'; delivery: Delivery; pause: boolean; error: unknown };

/**
 * Infrastructure failures (anything but a handler rejecting its message) retry in place after a
 * pause, never charging a message; a handler's timeout both pauses and charges its message.
 */
export function respondToFailure(thrown: unknown): FailureResponse {
  const failed = thrown instanceof HandlerFailure ? thrown.failed : undefined;
  const error = thrown instanceof HandlerFailure ? thrown.error : thrown;
  const timedOut = isTimeoutError(error);
  const transient = isTransientError(error);
  if (failed && 'run' in failed && !transient) return { next: 'one-by-one', pause: timedOut, error };
  if (!failed || !('delivery' in failed) || transient) return { next: 'retry', pause: true, error };
  return { next: 'set-aside', delivery: failed.delivery, pause: timedOut, error };
}
