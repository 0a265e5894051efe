import type { HttpServer, Logger } from '@shop/platform';

type Stop = () => Promise<void> | void;

/**
 * What a service has opened so far, to stop in order: the work requests wait on first, then the HTTP
 * server (draining its requests), then the rest in the reverse of the order it was opened in (the
 * database last). A start that fails stops the same way whatever it had opened.
 */
export class OpenedParts {
  private readonly beforeHttp: { name: string; stop: Stop }[] = [];
  private readonly afterHttp: { name: string; stop: Stop }[] = [];
  private server: HttpServer | undefined;

  constructor(private readonly logger: Logger) {}

  /** Stopped after the HTTP server, before whatever was opened earlier. */
  add(name: string, stop: Stop): void {
    this.afterHttp.push({ name, stop });
  }

  /** Stopped before the HTTP server closes: work that requests in flight wait on (e.g. running imports). */
  addBeforeHttp(name: string, stop: Stop): void {
    this.beforeHttp.push({ name, stop });
  }

  serving(server: HttpServer): void {
    this.server = server;
  }

  /** Stops every part even when one fails; rejects with the first failure once all were tried. */
  async stopAll(): Promise<void> {
    const steps = [
      ...this.beforeHttp,
      ...(this.server ? [{ name: 'http', stop: this.server.close }] : []),
      ...this.afterHttp.toReversed(),
    ];
    this.beforeHttp.length = 0;
    this.afterHttp.length = 0;
    this.server = undefined;
    let failure: { error: unknown } | undefined;
    for (const step of steps) {
      try {
        await step.stop();
      } catch (error) {
        this.logger.warn({ err: error, step: step.name }, 'stop step failed');
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }
}
