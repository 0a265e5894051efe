import type { Channel } from 'amqplib';

/** The channels seen closing: their deliveries went back to the queue with them, so settling them is moot. */
export class ClosedChannels {
  private readonly closed = new WeakSet<Channel>();
  private readonly watched = new WeakSet<Channel>();

  /** Starts noticing when `channel` closes (once per channel). */
  watch(channel: Channel): void {
    if (this.watched.has(channel)) return;
    this.watched.add(channel);
    channel.once('close', () => this.closed.add(channel));
  }

  has(channel: Channel): boolean {
    return this.closed.has(channel);
  }
}
