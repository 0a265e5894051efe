import type { Logger } from 'pino';

/** How a process ends after an error nothing caught: non-zero, so its supervisor starts a fresh one. */
export const FATAL_EXIT_CODE = 1;

/** At most this long for the fatal line to be written (a transport writes from a worker). */
const FLUSH_LIMIT_MS = 1000;

let installed = false;
let exiting = false;

/**
 * The process policy of every app (gateway and services): an uncaught exception or an unhandled
 * rejection leaves state nobody reasoned about (a half-done transaction, a driver mid-write), so it is
 * logged as fatal with its stack and the process exits with FATAL_EXIT_CODE at once, never carrying on.
 * Restarting is the supervisor's part: `npm start` (with backoff), compose's `restart: unless-stopped`.
 * runService and handleShutdown install it (once per process), so every main has it.
 */
export function exitOnUncaughtErrors(logger: Logger): void {
  if (installed) return;
  installed = true;
  process.on('uncaughtException', (error, origin) =>
    exitFatally(logger, error, `${origin}: exiting`, { origin }),
  );
  process.on('unhandledRejection', (reason) =>
    exitFatally(logger, reason, 'unhandledRejection: exiting', { origin: 'unhandledRejection' }),
  );
}

/**
 * Logs `error` as fatal and exits with FATAL_EXIT_CODE once the line is written (at most a second
 * later); a second fatal error meanwhile changes nothing. Resolves never.
 */
export function exitFatally(
  logger: Logger,
  error: unknown,
  message: string,
  fields: Record<string, unknown> = {},
): Promise<never> {
  return new Promise(() => {
    if (exiting) return;
    exiting = true;
    process.exitCode = FATAL_EXIT_CODE;
    logger.fatal({ err: error, ...fields }, message);
    const exit = () => process.exit(FATAL_EXIT_CODE);
    setTimeout(exit, FLUSH_LIMIT_MS);
    logger.flush(exit);
  });
}
