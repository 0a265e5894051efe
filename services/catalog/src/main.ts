import { createLogger, handleShutdown, startTelemetry } from '@shop/platform';
import { loadCatalogConfig } from './config.js';
import { startCatalogService } from './service.js';

const config = loadCatalogConfig();
const stopTelemetry = await startTelemetry('catalog', config.OTEL_EXPORTER_OTLP_ENDPOINT);
const logger = createLogger({ service: 'catalog', level: config.LOG_LEVEL, format: config.LOG_FORMAT });
const catalog = await startCatalogService(config, { logger });

handleShutdown(logger, config.SHUTDOWN_TIMEOUT_MS, [
  { name: 'catalog', stop: () => catalog.stop() },
  { name: 'telemetry', stop: stopTelemetry },
]);
