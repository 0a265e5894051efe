import { createLogger, handleShutdown, startTelemetry } from '@shop/platform';
import { loadOrderConfig } from './config.js';
import { startOrderService } from './service.js';

const config = loadOrderConfig();
const stopTelemetry = await startTelemetry('order', config.OTEL_EXPORTER_OTLP_ENDPOINT);
const logger = createLogger({ service: 'order', level: config.LOG_LEVEL, format: config.LOG_FORMAT });
const orders = await startOrderService(config, { logger });

handleShutdown(logger, config.SHUTDOWN_TIMEOUT_MS, [
  { name: 'order', stop: () => orders.stop() },
  { name: 'telemetry', stop: stopTelemetry },
]);
