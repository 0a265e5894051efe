import { createLogger, handleShutdown, startTelemetry } from '@shop/platform';
import { loadAnalyticsConfig } from './config.js';
import { startAnalyticsService } from './service.js';

const config = loadAnalyticsConfig();
const stopTelemetry = await startTelemetry('analytics', config.OTEL_EXPORTER_OTLP_ENDPOINT);
const logger = createLogger({ service: 'analytics', level: config.LOG_LEVEL, format: config.LOG_FORMAT });
const analytics = await startAnalyticsService(config, { logger });

handleShutdown(logger, config.SHUTDOWN_TIMEOUT_MS, [
  { name: 'analytics', stop: () => analytics.stop() },
  { name: 'telemetry', stop: stopTelemetry },
]);
