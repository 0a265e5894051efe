import { type RunningService, type ServiceDeps, startService } from '@shop/service';
import { createApp } from './app.js';
import { SigningKeys } from './auth/signing-keys.js';
import type { GatewayConfig } from './config.js';
import { PublicOpenApi } from './http/public-openapi.js';
import { readinessChecks } from './http/readiness.js';
import { keepBodiesOnTheSocket } from './proxy/streamed-bodies.js';
import { closeUpstreams, createUpstreams } from './proxy/upstreams.js';

/**
 * Starts a gateway instance through the service kit: auth's keys and live revocations load in the
 * background, revocation events arrive on this instance's own queue, then the HTTP server listens on
 * GATEWAY_PORT (0: any).
 */
export function startGatewayService(config: GatewayConfig, deps: ServiceDeps = {}): Promise<RunningService> {
  return startService({ name: 'gateway', config, port: config.GATEWAY_PORT, deps }, async (kit) => {
    const upstreams = createUpstreams(config);
    kit.onStop('upstreams', () => closeUpstreams(upstreams));
    const signingKeys = new SigningKeys({
      jwksUrl: `${config.AUTH_URL}/.well-known/jwks.json`,
      logger: kit.logger,
      refetchCooldownMs: config.JWKS_REFETCH_COOLDOWN_MS,
    });
    signingKeys.load();
    kit.onStop('signing keys', () => signingKeys.stop());
    const broker = await kit.connectBroker();
    const { verifier, revocations } = await kit.verifyTokens(broker, config, signingKeys.store.lookup);
    kit.logger.info({ upstreams: config.UPSTREAMS }, 'routing to upstreams');
    const app = createApp(kit, {
      readiness: readinessChecks({ broker, signingKeys, revocations, upstreams }),
      upstreams,
      verifier,
      openApi: new PublicOpenApi(upstreams, kit.logger),
    });
    return { fetch: keepBodiesOnTheSocket(app.fetch) };
  });
}
