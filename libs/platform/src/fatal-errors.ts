import type { Logger } from 'pino';

/** How a process ends after an error nothing caught: non-zero, so its supervisor starts a fresh one. */
export const FATAL_EXIT_CODE = 1;

/** At most this long for the fatal line to be written (a transport writes from a worker). */
const FLUSH_LIMIT_MS = 1000;

/**
 * The process policy of every app (gateway and services): an uncaught exception or an unhandled
 * rejection leaves state nobody reasoned about (a half-done transaction, a driver mid-write), so it is
 * logged as fatal with its stack and the process exits with FATAL_EXIT_CODE at once, never carrying on.
 * Restarting is the supervisor's part: `npm start` (with backoff), compose's `restart: unless-stopped`.
 * handleShutdown installs it, so every main has it with its signal handling.
 */
export function exitOnUncaughtErrors(logger: Logger): void {
  let exiting = false;
  function exitFatally(error: unknown, origin: string): void {
    if (exiting) return;
    exiting = true;
    process.exitCode = FATAL_EXIT_CODE;
    logger.fatal({ err: error, origin }, `${origin}: exiting`);
    const exit = () => process.exit(FATAL_EXIT_CODE);
    setTimeout(exit, FLUSH_LIMIT_MS);
    logger.flush(exit);
  }
  process.on('uncaughtException', (error, origin) => exitFatally(error, origin));
  process.on('unhandledRejection', (reason) => exitFatally(reason, 'unhandledRejection'));
}
