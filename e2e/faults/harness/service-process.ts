// One process of the system under test, started from its main.ts with tsx on a fixed port, so a
// scenario can kill it and start it again behind the same URL (optionally with a test preload).
import { type ChildProcess, spawn } from 'node:child_process';
import { waitFor } from '@shop/testing';

export interface StartOptions {
  /** Modules loaded before main (e2e/faults/preloads/*), e.g. to crash at a chosen point. */
  preloads?: string[];
  env?: Record<string, string>;
  /** Wait for /readyz (default true). */
  ready?: boolean;
}

export class ServiceProcess {
  child: ChildProcess | null = null;
  exited: Promise<number | NodeJS.Signals> = Promise.resolve(0);
  private log = '';

  constructor(
    readonly name: string,
    readonly entry: string,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** What the process (every run of it) wrote, last 20 kB. */
  output(): string {
    return this.log.slice(-20_000);
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the process and (by default) waits until /readyz answers 200. */
  async start({ preloads = [], env = {}, ready = true }: StartOptions = {}): Promise<void> {
    const args = ['--import', 'tsx', ...preloads.flatMap((preload) => ['--import', preload]), this.entry];
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...this.env, PORT: String(this.port), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer) => {
      this.log = (this.log + chunk.toString()).slice(-100_000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.child = child;
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve(signal ?? code ?? 0)),
    );
    if (ready) await this.untilReady();
  }

  /** Waits until /readyz answers 200 (bounded). */
  async untilReady(timeoutMs = 60_000): Promise<void> {
    try {
      await waitFor(() => this.isReady(), {
        until: (ready) => ready || !this.running,
        timeoutMs,
        intervalMs: 100,
        what: `${this.name} ready at ${this.origin}`,
      });
      if (!this.running) throw new Error(`${this.name} exited before it was ready`);
    } catch (error) {
      throw new Error(`${(error as Error).message}; its output:\n${this.output().slice(-3000)}`);
    }
  }

  async isReady(): Promise<boolean> {
    if (!this.running) return false;
    try {
      const response = await fetch(`${this.origin}/readyz`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      return response.ok;
    } catch {
      return false;
    }
  }

  /** Sends `signal` and resolves with how the process ended (SIGKILL after 20 s if it lingers). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | NodeJS.Signals> {
    if (!this.running) return this.exited;
    this.child?.kill(signal);
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 20_000);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
