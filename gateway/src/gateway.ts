import { AccessTokenVerifier } from '@shop/identity';
import { Broker, startInstanceConsumer } from '@shop/messaging';
import { createLogger, createMetricsRegistry, type Logger, serveHttp } from '@shop/platform';
import { createApp } from './app.js';
import { revocationHandlers } from './auth/revocation-events.js';
import { RevocationLoader } from './auth/revocation-loader.js';
import { RevocationSet } from './auth/revocation-set.js';
import { SigningKeys } from './auth/signing-keys.js';
import type { GatewayConfig } from './config.js';
import { PublicOpenApi } from './http/public-openapi.js';
import { readinessChecks } from './http/readiness.js';
import { keepBodiesOnTheSocket } from './proxy/streamed-bodies.js';
import { closeUpstreams, createUpstreams } from './proxy/upstreams.js';

const PRUNE_INTERVAL_MS = 60_000;

export interface RunningGateway {
  port: number;
  /** Stops taking requests, lets those in flight finish, then closes the broker and the pools. */
  stop(): Promise<void>;
}

/**
 * Starts a gateway instance: auth's keys and live revocations load in the background, revocation
 * events arrive on this instance's own queue, then the HTTP server listens on GATEWAY_PORT (0: any).
 */
export async function startGateway(
  config: GatewayConfig,
  logger: Logger = createLogger({ service: 'gateway', level: config.LOG_LEVEL, format: config.LOG_FORMAT }),
): Promise<RunningGateway> {
  const upstreams = createUpstreams(config);
  const revocations = new RevocationSet();
  const revocationLoader = new RevocationLoader({
    url: `${config.AUTH_URL}/internal/revocations`,
    revocations,
    logger,
  });
  const signingKeys = new SigningKeys({
    jwksUrl: `${config.AUTH_URL}/.well-known/jwks.json`,
    logger,
    refetchCooldownMs: config.JWKS_REFETCH_COOLDOWN_MS,
  });
  signingKeys.load();

  const broker = new Broker({
    url: config.AMQP_URL,
    connectionName: 'gateway',
    prefix: config.AMQP_PREFIX,
    deliveryLimit: config.AMQP_DELIVERY_LIMIT,
    logger,
  });
  await broker.start();
  const consumer = await startInstanceConsumer({
    broker,
    service: 'gateway',
    handlers: revocationHandlers(revocations),
    logger,
    onSubscribed: () => revocationLoader.reload(),
  });
  const pruning = setInterval(() => revocations.prune(), PRUNE_INTERVAL_MS).unref();

  const app = createApp({
    config,
    logger,
    metrics: createMetricsRegistry('gateway'),
    readiness: readinessChecks({ broker, signingKeys, revocationLoader, upstreams }),
    upstreams,
    verifier: new AccessTokenVerifier(signingKeys.store.lookup, config.JWT_ISSUER, revocations.isRevoked),
    openApi: new PublicOpenApi(upstreams, logger),
  });
  const server = await serveHttp(keepBodiesOnTheSocket(app.fetch), config.GATEWAY_PORT);
  logger.info({ port: server.port, upstreams: config.UPSTREAMS }, 'gateway listening');

  return {
    port: server.port,
    async stop() {
      await server.close();
      clearInterval(pruning);
      revocationLoader.stop();
      signingKeys.stop();
      await consumer.stop();
      await broker.close();
      await closeUpstreams(upstreams);
    },
  };
}
