// Test preload: the first publisher confirm of a message routed FAULT_CRASH_AFTER_CONFIRM kills the
// process, so the relay dies after the broker took the message and before the row is marked published.
import type { ConfirmChannel, Options } from 'amqplib';
import { ConfirmChannelClass } from './amqplib-channels.js';

const routingKey = process.env.FAULT_CRASH_AFTER_CONFIRM;
const publish = ConfirmChannelClass.prototype.publish;

// biome-ignore lint/suspicious/noExplicitAny: amqplib types the confirm callback this way
type Confirm = (error: any, ok: any) => void;

ConfirmChannelClass.prototype.publish = function killOnConfirm(
  this: ConfirmChannel,
  exchange: string,
  key: string,
  content: Buffer,
  options?: Options.Publish,
  confirmed?: Confirm,
) {
  const wrapped: Confirm | undefined =
    key === routingKey
      ? (error, ok) => {
          if (!error) {
            process.stdout.write(`crash-after-confirm: killed after the confirm of ${routingKey}\n`);
            process.kill(process.pid, 'SIGKILL');
          }
          confirmed?.(error, ok);
        }
      : confirmed;
  return publish.call(this, exchange, key, content, options, wrapped);
};
