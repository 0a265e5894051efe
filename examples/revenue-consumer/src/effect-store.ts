// The consumer's own store: an append-only file of JSON lines, one per handled event, written and
// fsynced before the message is acked. Read back at start, it gives the ids already handled (the
// dedupe), the revenue, the last stream offset read and whether the backfill is done. A line cut
// short by a crash is the last one and is ignored: its message was not acked, so it comes again.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { type Effect, Revenue } from './revenue.js';

export class EffectStore {
  readonly revenue = new Revenue();
  private readonly handled = new Set<string>();
  private readonly fd: number;
  lastStreamOffset: number | undefined;
  backfilled = false;

  constructor(file: string) {
    if (existsSync(file)) for (const line of readFileSync(file, 'utf8').split('\n')) this.replay(line);
    this.fd = openSync(file, 'a');
  }

  /** Tells whether an event id was handled before. */
  has(id: string): boolean {
    return this.handled.has(id);
  }

  /** Records an effect durably, then applies it; answers the revenue change in cents. */
  record(effect: Effect): number {
    writeSync(this.fd, `${JSON.stringify(effect)}\n`);
    fsyncSync(this.fd);
    return this.remember(effect);
  }

  close(): void {
    closeSync(this.fd);
  }

  private replay(line: string): void {
    if (!line.trim()) return;
    try {
      this.remember(JSON.parse(line) as Effect);
    } catch {
      // the torn last line of a crash
    }
  }

  private remember(effect: Effect): number {
    this.handled.add(effect.id);
    if (effect.type === 'backfilled') this.backfilled = true;
    if ('offset' in effect && effect.offset !== undefined)
      this.lastStreamOffset = Math.max(this.lastStreamOffset ?? -1, effect.offset);
    return this.revenue.apply(effect);
  }
}
