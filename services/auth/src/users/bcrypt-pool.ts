import { Worker } from 'node:worker_threads';
import { ServiceUnavailableError } from '@shop/platform';

/** Which queue a task waits in: checks (sign-ins) always run before hashes (new passwords). */
export type BcryptLane = 'check' | 'hash';

/** How many tasks may wait in each lane; past that a task is refused at once with 503. */
export type BcryptQueueLimits = Record<BcryptLane, number>;

type Reply = { id: number; result?: string | boolean; error?: string };
type Message = { op: 'hash' | 'compare'; password: string; hashOrCost: string | number };
type Task = {
  message: Message;
  resolve: (value: string | boolean) => void;
  reject: (error: Error) => void;
};
type Busy = { worker: Worker; task?: Task & { id: number } };

const workerScript = new URL('./bcrypt-worker.mjs', import.meta.url);
// A task takes ~70 ms at cost 10, so a second is enough for a full queue to move on.
const RETRY_AFTER_SECONDS = 1;

/**
 * bcrypt on worker threads: a login costs ~66 ms of CPU at cost 10, and on the event loop it
 * would stall every other request of the process. Each worker runs one task at a time; waiting
 * tasks sit in two bounded lanes, sign-in checks first, so a flood of registrations can neither
 * grow memory without bound nor make logins wait behind it. The workers run at the lowest CPU
 * priority (see bcrypt-worker.mjs): under a login flood the cheap requests of every process on the
 * host keep their latency, and the logins take the CPU left over.
 */
export class BcryptPool {
  private readonly workers: Busy[];
  private readonly lanes: Record<BcryptLane, Task[]> = { check: [], hash: [] };
  private nextId = 0;

  constructor(
    size: number,
    private readonly limits: BcryptQueueLimits,
  ) {
    this.workers = Array.from({ length: size }, () => {
      const entry: Busy = { worker: new Worker(workerScript) };
      entry.worker.unref();
      entry.worker.on('message', (reply: Reply) => this.settle(entry, reply));
      return entry;
    });
  }

  hash(password: string, cost: number, lane: BcryptLane = 'hash'): Promise<string> {
    return this.run(lane, { op: 'hash', password, hashOrCost: cost }) as Promise<string>;
  }

  compare(password: string, hash: string): Promise<boolean> {
    return this.run('check', { op: 'compare', password, hashOrCost: hash }) as Promise<boolean>;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }

  private run(lane: BcryptLane, message: Message): Promise<string | boolean> {
    return new Promise((resolve, reject) => {
      const task = { message, resolve, reject };
      const idle = this.workers.find((entry) => !entry.task);
      if (idle) return this.start(idle, task);
      if (this.lanes[lane].length >= this.limits[lane]) return reject(queueFull());
      this.lanes[lane].push(task);
    });
  }

  private start(entry: Busy, task: Task): void {
    const id = this.nextId++;
    entry.task = { ...task, id };
    entry.worker.postMessage({ id, ...task.message });
  }

  private settle(entry: Busy, { id, result, error }: Reply): void {
    const task = entry.task;
    if (task?.id !== id) return;
    entry.task = undefined;
    if (error !== undefined || result === undefined) task.reject(new Error(error ?? 'bcrypt failed'));
    else task.resolve(result);
    const next = this.lanes.check.shift() ?? this.lanes.hash.shift();
    if (next) this.start(entry, next);
  }
}

function queueFull(): ServiceUnavailableError {
  return new ServiceUnavailableError('Too many password checks in progress; try again shortly', undefined, {
    'retry-after': String(RETRY_AFTER_SECONDS),
  });
}
