// Test preload: the first ack of a delivery routed FAULT_CRASH_BEFORE_ACK kills the process instead,
// so the consumer dies after its transaction committed and before the broker hears the ack.
import type { Channel, Message } from 'amqplib';
import { ChannelClass } from './amqplib-channels.js';

const routingKey = process.env.FAULT_CRASH_BEFORE_ACK;
const ack = ChannelClass.prototype.ack;

ChannelClass.prototype.ack = function killInsteadOfAck(this: Channel, message: Message, allUpTo?: boolean) {
  if (message.fields.routingKey === routingKey) {
    process.stdout.write(`crash-before-ack: killed before acking ${routingKey}\n`);
    process.kill(process.pid, 'SIGKILL');
  }
  return ack.call(this, message, allUpTo);
};
