import { fileURLToPath } from 'node:url';
import type { ServiceName } from '@shop/contracts';
import type { KeyLookup } from '@shop/identity';
import {
  Broker,
  brokerOptionsOf,
  type ServiceMessaging,
  type ServiceMessagingOptions,
  startServiceMessaging,
} from '@shop/messaging';
import {
  type BaseConfig,
  createServiceApp,
  databaseIsReady,
  type Logger,
  type ReadinessCheck,
  type Registry,
  type RouteBodyLimit,
  type ServiceApp,
  type Sql,
} from '@shop/platform';
import type { OpenedParts } from './opened-parts.js';
import type { RevocationWatch } from './revocations/revocation-watch.js';
import { openServiceDatabase } from './service-database.js';
import { startTokenVerification, type TokenSettings, type TokenVerification } from './token-verification.js';

/** One timeout for every pool's end: queries still running after it are cut. */
const SQL_END_TIMEOUT_SECONDS = 5;

/** What tests (and benchmarks) may hand a service instead of what it would build itself. */
export interface ServiceDeps {
  logger?: Logger;
  /** Token keys by kid; default: auth's JWKS at AUTH_URL. Tests pass their own signer's key. */
  keys?: KeyLookup;
  /** Which tokens are revoked; default: a watch fed by auth at AUTH_URL. Tests without auth pass fixedRevocations. */
  revocations?: RevocationWatch;
}

/** The service's messaging options; the kit adds its config, pool, name, logger and metrics. */
export type MessagingOptions = Omit<
  ServiceMessagingOptions,
  'config' | 'sql' | 'service' | 'logger' | 'metrics'
>;

/**
 * What a service composes itself from (see startService): each part opened here is stopped in order
 * when the service stops, or when its start fails, and adds its readiness check.
 */
export interface ServiceKit<Config extends BaseConfig> {
  readonly name: ServiceName;
  readonly config: Config;
  readonly logger: Logger;
  readonly metrics: Registry;
  /** The database, created if missing, its pool bound to `schema`, the messaging and the service's migrations applied. */
  openDatabase(schema: string, migrations: URL): Promise<Sql>;
  /** The broker connection, consumer, dead-letter keeper, outbox relay and retention (startServiceMessaging). */
  startMessaging(sql: Sql, options: MessagingOptions): Promise<ServiceMessaging>;
  /** A bare broker connection, for a process without an outbox (the gateway). */
  connectBroker(): Promise<Broker>;
  /** Verifies access tokens: auth's keys (or `keys`) and a revocation watch over `broker`. */
  verifyTokens(broker: Broker, settings: TokenSettings, keys?: KeyLookup): Promise<TokenVerification>;
  /** The service's Hono app (createServiceApp): the parts' readiness checks and the config's body limit. */
  createApp(options?: {
    routeBodyLimits?: RouteBodyLimit[];
    readiness?: Record<string, ReadinessCheck>;
  }): ServiceApp;
  /** Stops `stop` after the HTTP server, before what was opened earlier. */
  onStop(name: string, stop: () => Promise<void> | void): void;
  /** Stops `stop` before the HTTP server closes: work requests in flight wait on. */
  onStopBeforeHttp(name: string, stop: () => Promise<void> | void): void;
}

/** The kit of one start: what it opens goes into `parts`. */
export function serviceKit<Config extends BaseConfig>(
  name: ServiceName,
  config: Config,
  {
    logger,
    metrics,
    deps,
    parts,
  }: { logger: Logger; metrics: Registry; deps: ServiceDeps; parts: OpenedParts },
): ServiceKit<Config> {
  const readiness: Record<string, ReadinessCheck> = {};
  return {
    name,
    config,
    logger,
    metrics,
    async openDatabase(schema, migrations) {
      const sql = await openServiceDatabase(config, {
        schema,
        migrations: { name: schema, dir: fileURLToPath(migrations) },
        logger,
      });
      parts.add('database', () => sql.end({ timeout: SQL_END_TIMEOUT_SECONDS }));
      readiness.database = () => databaseIsReady(sql);
      return sql;
    },
    async startMessaging(sql, options) {
      const messaging = await startServiceMessaging({
        ...options,
        config,
        sql,
        service: name,
        logger,
        metrics,
      });
      parts.add('messaging', messaging.stop);
      readiness.broker = async () => messaging.broker.isConnected();
      return messaging;
    },
    async connectBroker() {
      const broker = new Broker(brokerOptionsOf(config, name, logger));
      await broker.start();
      parts.add('broker', () => broker.close());
      readiness.broker = async () => broker.isConnected();
      return broker;
    },
    async verifyTokens(broker, settings, keys) {
      const verification = await startTokenVerification(settings, {
        broker,
        logger,
        keys: keys ?? deps.keys,
        revocations: deps.revocations,
      });
      parts.add('revocations', verification.revocations.stop);
      readiness.revocations = async () => verification.revocations.isCurrent();
      return verification;
    },
    createApp(options = {}) {
      return createServiceApp({
        logger,
        metrics,
        readiness: { ...options.readiness, ...readiness },
        bodyLimitBytes: config.BODY_LIMIT_BYTES,
        ...(options.routeBodyLimits ? { routeBodyLimits: options.routeBodyLimits } : {}),
      });
    },
    onStop: (stepName, stop) => parts.add(stepName, stop),
    onStopBeforeHttp: (stepName, stop) => parts.addBeforeHttp(stepName, stop),
  };
}
