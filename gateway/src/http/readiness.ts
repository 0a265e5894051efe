import type { Broker, RevocationWatch } from '@shop/messaging';
import type { ReadinessCheck } from '@shop/platform';
import type { SigningKeys } from '../auth/signing-keys.js';
import type { Upstream, Upstreams } from '../proxy/upstreams.js';

const UPSTREAM_PROBE_TIMEOUT_MS = 1_000;

export interface ReadinessSources {
  broker: Broker;
  signingKeys: SigningKeys;
  revocations: RevocationWatch;
  upstreams: Upstreams;
}

/**
 * What /readyz checks: the broker connection (revocation events), auth's keys, the revocation set
 * current (events arriving, loaded since the last subscription), and the /readyz of every deployed upstream.
 */
export function readinessChecks(sources: ReadinessSources): Record<string, ReadinessCheck> {
  const checks: Record<string, ReadinessCheck> = {
    broker: async () => sources.broker.isConnected(),
    jwks: async () => sources.signingKeys.isLoaded(),
    revocations: async () => sources.revocations.isCurrent(),
  };
  for (const upstream of sources.upstreams.values()) checks[upstream.name] = () => upstreamIsReady(upstream);
  return checks;
}

/** True when the upstream's own /readyz answers 200 within a second. */
async function upstreamIsReady(upstream: Upstream): Promise<boolean> {
  const answer = await upstream.pool.request({
    method: 'GET',
    path: `${upstream.basePath}/readyz`,
    headersTimeout: UPSTREAM_PROBE_TIMEOUT_MS,
    bodyTimeout: UPSTREAM_PROBE_TIMEOUT_MS,
    signal: AbortSignal.timeout(UPSTREAM_PROBE_TIMEOUT_MS),
  });
  await answer.body.dump();
  return answer.statusCode === 200;
}
