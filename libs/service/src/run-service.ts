import type { ServiceName } from '@shop/contracts';
import {
  type BaseConfig,
  exitFatally,
  exitOnUncaughtErrors,
  handleShutdown,
  type Logger,
  startTelemetry,
} from '@shop/platform';
import type { ServiceDeps } from './service-kit.js';
import { type RunningService, serviceLogger } from './start-service.js';

/**
 * A service's main: telemetry, its logger, then `start`; on SIGTERM/SIGINT an orderly stop
 * (handleShutdown). A start that fails is logged as fatal and the process exits with FATAL_EXIT_CODE
 * (what it had opened is closed by startService), so its supervisor starts it again.
 */
export async function runService<Config extends BaseConfig, Service extends RunningService>(
  name: ServiceName,
  config: Config,
  start: (config: Config, deps: ServiceDeps) => Promise<Service>,
): Promise<{ service: Service; logger: Logger }> {
  const stopTelemetry = await startTelemetry(name, config.OTEL_EXPORTER_OTLP_ENDPOINT);
  const logger = serviceLogger(name, config);
  exitOnUncaughtErrors(logger);
  try {
    const service = await start(config, { logger });
    handleShutdown(logger, config.SHUTDOWN_TIMEOUT_MS, [
      { name, stop: service.stop },
      { name: 'telemetry', stop: stopTelemetry },
    ]);
    return { service, logger };
  } catch (error) {
    await stopTelemetry().catch(() => {});
    return exitFatally(logger, error, `${name} failed to start`);
  }
}
