import { Worker } from 'node:worker_threads';

type Pending = { resolve: (value: string | boolean) => void; reject: (error: Error) => void };
type Reply = { id: number; result?: string | boolean; error?: string };

const workerScript = new URL('./bcrypt-worker.mjs', import.meta.url);

/**
 * bcrypt on worker threads: a login costs ~66 ms of CPU at cost 10, and on the event loop it
 * would stall every other request of the process. Tasks go to the least busy worker.
 */
export class BcryptPool {
  private readonly workers: Array<{ worker: Worker; pending: Map<number, Pending> }>;
  private nextId = 0;

  constructor(size: number) {
    this.workers = Array.from({ length: size }, () => {
      const entry = { worker: new Worker(workerScript), pending: new Map<number, Pending>() };
      entry.worker.unref();
      entry.worker.on('message', ({ id, result, error }: Reply) => {
        const task = entry.pending.get(id);
        entry.pending.delete(id);
        if (error !== undefined || result === undefined) task?.reject(new Error(error ?? 'bcrypt failed'));
        else task?.resolve(result);
      });
      return entry;
    });
  }

  hash(password: string, cost: number): Promise<string> {
    return this.run('hash', password, cost) as Promise<string>;
  }

  compare(password: string, hash: string): Promise<boolean> {
    return this.run('compare', password, hash) as Promise<boolean>;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }

  private run(
    op: 'hash' | 'compare',
    password: string,
    hashOrCost: string | number,
  ): Promise<string | boolean> {
    const idle = this.workers.reduce((best, entry) =>
      entry.pending.size < best.pending.size ? entry : best,
    );
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      idle.pending.set(id, { resolve, reject });
      idle.worker.postMessage({ id, op, password, hashOrCost });
    });
  }
}
