import { type ChildProcess, spawn } from 'node:child_process';
import { inheritedEnv } from './config.js';

/** A TypeScript entry point running in its own process, as a service replica would. */
export interface RunningProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | NodeJS.Signals>;
}

/** Starts `entry` with tsx and extra environment variables; collects stdout and stderr. */
export function startTsProcess(entry: string, env: Record<string, string | undefined>): RunningProcess {
  // tsx as a loader of this very process (not its CLI, which forks): a kill reaches the code under test.
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...inheritedEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | NodeJS.Signals>((resolve) => {
    child.on('exit', (code, signal) => resolve(signal ?? code ?? 0));
  });
  return { child, output: () => output, exited };
}
