import type { Broker } from '@shop/messaging';
import type { ReadinessCheck } from '@shop/platform';
import type { RevocationWatch } from '@shop/service';
import type { SigningKeys } from '../auth/signing-keys.js';
import type { Upstream, Upstreams } from '../proxy/upstreams.js';

const UPSTREAM_PROBE_TIMEOUT_MS = 1_000;
/** An upstream's readiness is probed at most this often, whatever the rate of /readyz at the gateway. */
export const UPSTREAM_READINESS_TTL_MS = 1_000;

export interface ReadinessSources {
  broker: Broker;
  signingKeys: SigningKeys;
  revocations: RevocationWatch;
  upstreams: Upstreams;
}

/**
 * What /readyz checks: the broker connection (revocation events), auth's keys, the revocation set
 * current (events arriving, loaded since the last subscription), and the /readyz of every deployed upstream.
 * /readyz is public, so the upstream probes are shared: a flood of it costs each upstream (and, behind it,
 * the database) at most one probe per UPSTREAM_READINESS_TTL_MS.
 */
export function readinessChecks(sources: ReadinessSources): Record<string, ReadinessCheck> {
  const checks: Record<string, ReadinessCheck> = {
    broker: async () => sources.broker.isConnected(),
    jwks: async () => sources.signingKeys.isLoaded(),
    revocations: async () => sources.revocations.isCurrent(),
  };
  for (const upstream of sources.upstreams.values()) {
    checks[upstream.name] = sharedFor(UPSTREAM_READINESS_TTL_MS, () => upstreamIsReady(upstream));
  }
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

/** The check's answer shared by every caller while it runs and for `ttlMs` after it started. */
function sharedFor(ttlMs: number, check: ReadinessCheck): ReadinessCheck {
  let last: { answer: Promise<boolean>; startedAt: number } | undefined;
  return () => {
    if (!last || Date.now() - last.startedAt >= ttlMs) {
      last = { answer: check().catch(() => false), startedAt: Date.now() };
    }
    return last.answer;
  };
}
