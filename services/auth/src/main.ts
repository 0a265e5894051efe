// Composition root: config → telemetry → the service → orderly shutdown on SIGTERM/SIGINT.
import { createLogger, handleShutdown, startTelemetry } from '@shop/platform';
import { loadAuthConfig } from './config.js';
import { startAuthService } from './service.js';

const config = loadAuthConfig();
const stopTelemetry = await startTelemetry('auth', config.OTEL_EXPORTER_OTLP_ENDPOINT);
const logger = createLogger({ service: 'auth', level: config.LOG_LEVEL, format: config.LOG_FORMAT });
try {
  const service = await startAuthService(config, logger);
  handleShutdown(logger, config.SHUTDOWN_TIMEOUT_MS, [
    { name: 'auth', stop: service.stop },
    { name: 'telemetry', stop: stopTelemetry },
  ]);
} catch (error) {
  logger.fatal({ err: error }, 'auth failed to start');
  process.exit(1);
}
