import { createLogger, handleShutdown, loadConfig, startTelemetry } from '@shop/platform';
import { gatewayConfigSchema } from './config.js';
import { startGateway } from './gateway.js';

const config = loadConfig(gatewayConfigSchema);
const stopTelemetry = await startTelemetry('gateway', config.OTEL_EXPORTER_OTLP_ENDPOINT);
const logger = createLogger({ service: 'gateway', level: config.LOG_LEVEL, format: config.LOG_FORMAT });
const gateway = await startGateway(config, logger);
logger.info(`API reference: http://localhost:${gateway.port}/docs`);

handleShutdown(logger, config.SHUTDOWN_TIMEOUT_MS, [
  { name: 'gateway', stop: gateway.stop },
  { name: 'telemetry', stop: stopTelemetry },
]);
