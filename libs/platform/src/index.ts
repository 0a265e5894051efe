export { type AppOptions, createServiceApp, type ReadinessCheck, type ServiceApp } from './app.js';
export {
  type BodyLimitOf,
  bodyLimitOf,
  isSmallDeclaredBody,
  limitRequestBodies,
  type RouteBodyLimit,
} from './body-limits.js';
export {
  type BaseConfig,
  baseConfigSchema,
  commaListSetting,
  describeConfigError,
  loadConfig,
  portSetting,
} from './config.js';
export {
  createSql,
  databaseIsReady,
  ensureDatabase,
  isUniqueViolation,
  processInstance,
  type Queryable,
  type Sql,
  type SqlOptions,
  type TransactionSql,
} from './database.js';
export { bootstrapServiceRoles, type ServiceRole, urlForRole } from './database-roles.js';
export * from './errors.js';
export { exitFatally, exitOnUncaughtErrors, FATAL_EXIT_CODE } from './fatal-errors.js';
export { INT4_MAX, idPathParam, idSchema } from './id-schemas.js';
export { type HttpServer, handleShutdown, type ShutdownStep, serveHttp } from './lifecycle.js';
export { createLogger, type Logger, type LoggerOptions } from './logger.js';
export { Counter, createMetricsRegistry, Gauge, Histogram, httpMetrics, Registry } from './metrics.js';
export { MigrationChecksumError, type MigrationSource, migrate } from './migrations.js';
export {
  bearerSecurity,
  jsonBody,
  jsonContent,
  jsonResponse,
  problemResponses,
  problemSchema,
  queryFlag,
  queryFlagDefault,
  registerBearerScheme,
  serveOpenApiDocument,
} from './openapi.js';
export { type CursorBinding, type CursorCodec, cursorCodec, pageQueryShape } from './page-cursor.js';
export {
  errorHandler,
  fieldErrors,
  type Problem,
  problemOf,
  problemOfError,
  problemResponse,
} from './problem.js';
export { type Purge, type Retention, type RetentionOptions, startRetention } from './retention.js';
export { unstorableTextFields, unstorableTextReason } from './storable-text.js';
export { type StopTelemetry, startTelemetry } from './telemetry.js';
export { traceRequests } from './tracing.js';
