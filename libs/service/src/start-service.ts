import type { ServiceName } from '@shop/contracts';
import { type BaseConfig, createLogger, createMetricsRegistry, type Logger, serveHttp } from '@shop/platform';
import { OpenedParts } from './opened-parts.js';
import { type ServiceDeps, type ServiceKit, serviceKit } from './service-kit.js';

/** A running service (or gateway). */
export interface RunningService {
  port: number;
  /** Drains what requests wait on, then HTTP, then stops every part in the reverse order of its start. */
  stop(): Promise<void>;
}

/** What a service's composition hands back: the HTTP handler to serve, and anything it exposes to tests. */
export type ComposedService<Exposed extends object> = Exposed & {
  fetch: (request: Request) => Response | Promise<Response>;
};

export interface ServiceSetup<Config extends BaseConfig> {
  name: ServiceName;
  config: Config;
  /** The port to listen on (0: any free one). */
  port: number;
  deps?: ServiceDeps | undefined;
}

/** The logger of a service's process, as its config asks. */
export function serviceLogger(name: ServiceName, config: BaseConfig): Logger {
  return createLogger({ service: name, level: config.LOG_LEVEL, format: config.LOG_FORMAT });
}

/**
 * Starts a service: `compose` opens its parts through the kit (database, messaging, token
 * verification, its own jobs) and builds its app; the kit serves it on `port` of HOST. A start that
 * fails stops whatever it had opened and rejects with the failure.
 */
export async function startService<Config extends BaseConfig, Exposed extends object = object>(
  { name, config, port, deps = {} }: ServiceSetup<Config>,
  compose: (kit: ServiceKit<Config>) => Promise<ComposedService<Exposed>>,
): Promise<RunningService & Exposed> {
  const logger = deps.logger ?? serviceLogger(name, config);
  const parts = new OpenedParts(logger);
  try {
    const metrics = createMetricsRegistry(name);
    const { fetch, ...exposed } = await compose(serviceKit(name, config, { logger, metrics, deps, parts }));
    const server = await serveHttp(fetch, port, config.HOST);
    parts.serving(server);
    logger.info({ port: server.port }, `${name} listening`);
    return { ...(exposed as Exposed), port: server.port, stop: () => parts.stopAll() };
  } catch (error) {
    await parts.stopAll().catch(() => {});
    throw error;
  }
}
