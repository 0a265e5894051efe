import { AccessTokenVerifier } from '@shop/identity';
import { Broker, startRevocationWatch } from '@shop/messaging';
import { createLogger, createMetricsRegistry, type Logger, serveHttp } from '@shop/platform';
import { createApp } from './app.js';
import { SigningKeys } from './auth/signing-keys.js';
import type { GatewayConfig } from './config.js';
import { PublicOpenApi } from './http/public-openapi.js';
import { readinessChecks } from './http/readiness.js';
import { keepBodiesOnTheSocket } from './proxy/streamed-bodies.js';
import { closeUpstreams, createUpstreams } from './proxy/upstreams.js';

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
  const signingKeys = new SigningKeys({
    jwksUrl: `${config.AUTH_URL}/.well-known/jwks.json`,
    logger,
    refetchCooldownMs: config.JWKS_REFETCH_COOLDOWN_MS,
  });
  signingKeys.load();

  const broker = new Broker({
    url: config.AMQP_URL,
    // With the prefix, one stack's connection can be told from another's on a shared broker.
    connectionName: config.AMQP_PREFIX ? `gateway ${config.AMQP_PREFIX}` : 'gateway',
    prefix: config.AMQP_PREFIX,
    deliveryLimit: config.AMQP_DELIVERY_LIMIT,
    logger,
  });
  await broker.start();
  const revocations = await startRevocationWatch({
    broker,
    authUrl: config.AUTH_URL,
    internalToken: config.INTERNAL_TOKEN,
    logger,
  });

  const app = createApp({
    config,
    logger,
    metrics: createMetricsRegistry('gateway'),
    readiness: readinessChecks({ broker, signingKeys, revocations, upstreams }),
    upstreams,
    verifier: new AccessTokenVerifier(signingKeys.store.lookup, config.JWT_ISSUER, revocations.check),
    openApi: new PublicOpenApi(upstreams, logger),
  });
  const server = await serveHttp(keepBodiesOnTheSocket(app.fetch), config.GATEWAY_PORT, config.HOST);
  logger.info({ port: server.port, upstreams: config.UPSTREAMS }, 'gateway listening');

  return {
    port: server.port,
    async stop() {
      await server.close();
      signingKeys.stop();
      await revocations.stop();
      await broker.close();
      await closeUpstreams(upstreams);
    },
  };
}
