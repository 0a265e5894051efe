// Runs bcrypt off the event loop: one hash or comparison per message, answered with its id.
import { parentPort } from 'node:worker_threads';
import bcrypt from 'bcryptjs';

parentPort.on('message', ({ id, op, password, hashOrCost }) => {
  try {
    const result =
      op === 'hash' ? bcrypt.hashSync(password, hashOrCost) : bcrypt.compareSync(password, hashOrCost);
    parentPort.postMessage({ id, result });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error) });
  }
});
