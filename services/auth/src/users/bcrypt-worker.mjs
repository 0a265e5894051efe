// Runs bcrypt off the event loop: one hash or comparison per message, answered with its id.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import bcrypt from 'bcrypt';

lowerThisThreadsPriority();

parentPort.on('message', ({ id, op, password, hashOrCost }) => {
  try {
    const result =
      op === 'hash' ? bcrypt.hashSync(password, hashOrCost) : bcrypt.compareSync(password, hashOrCost);
    parentPort.postMessage({ id, result });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error) });
  }
});

/**
 * The lowest CPU priority (nice 19) for this thread only: a flood of logins then takes the CPU the
 * service's other requests leave idle, instead of slowing them down. On Linux a thread's nice value
 * is its own, set through its thread id (/proc/thread-self names it); elsewhere this does nothing.
 */
function lowerThisThreadsPriority() {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
    setPriority(threadId, 19);
  } catch {
    // Not Linux, or not allowed: bcrypt runs at the process's priority.
  }
}
