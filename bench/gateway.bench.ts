// Authenticated reads through the gateway vs straight to the service, logins/s at the configured
// bcrypt cost, and the p99 of a cheap authenticated GET while logins flood in — all in one run.
import { scaledSeconds } from './config.js';
import { withBenchDatabase } from './database.js';
import { runLoad } from './load.js';
import { startProcess } from './processes.js';
import { writeResults } from './report.js';

const AUTH_PORT = 18_081;
const GATEWAY_PORT = 18_080;
const SECONDS = scaledSeconds(5);
const WARM_UP_SECONDS = scaledSeconds(3);
// The cost the Flask original's 10.9 logins/s were measured at (docs/architecture.md, Reference figures).
const BCRYPT_COST = 10;
const password = 'bench-password-123';

async function json(response: Response): Promise<Record<string, string>> {
  if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, string>;
}

await withBenchDatabase(async (databaseUrl, prefix) => {
  const shared = { DATABASE_URL: databaseUrl, AMQP_PREFIX: prefix, NODE_ENV: 'development' };
  const auth = await startProcess('services/auth/src/main.ts', `http://127.0.0.1:${AUTH_PORT}`, {
    ...shared,
    PORT: String(AUTH_PORT),
    BCRYPT_COST: String(BCRYPT_COST),
  });
  const gateway = await startProcess('gateway/src/main.ts', `http://127.0.0.1:${GATEWAY_PORT}`, {
    ...shared,
    GATEWAY_PORT: String(GATEWAY_PORT),
    AUTH_URL: auth.origin,
    UPSTREAMS: 'auth',
    RATE_LIMIT_PER_MINUTE: '100000000',
  });
  try {
    const email = `bench-${Date.now()}@shop.local`;
    const post = (path: string, body: unknown) =>
      fetch(`${gateway.origin}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await json(await post('/users/add', { email, password, full_name: 'Bench' }));
    const { access_token } = await json(await post('/users/login', { email, password }));
    const me = {
      path: '/users/me',
      headers: { authorization: `Bearer ${access_token}` },
      durationMs: SECONDS * 1000,
    };
    const login = {
      path: '/users/login',
      method: 'POST' as const,
      body: JSON.stringify({ email, password }),
    };

    // Warm-up: the JIT needs some seconds of traffic before either path reaches its steady state.
    for (const origin of [auth.origin, gateway.origin])
      await runLoad({ ...me, origin, concurrency: 32, durationMs: WARM_UP_SECONDS * 1000 });
    const direct = await runLoad({ ...me, origin: auth.origin, concurrency: 32 });
    const throughGateway = await runLoad({ ...me, origin: gateway.origin, concurrency: 32 });
    const logins = await runLoad({
      ...login,
      origin: gateway.origin,
      concurrency: 4,
      durationMs: SECONDS * 1000,
    });
    const quiet = await runLoad({ ...me, origin: gateway.origin, concurrency: 4 });
    const [underFlood] = await Promise.all([
      runLoad({ ...me, origin: gateway.origin, concurrency: 4 }),
      runLoad({ ...login, origin: gateway.origin, concurrency: 8, durationMs: SECONDS * 1000 }),
    ]);

    await writeResults('gateway', {
      route: 'GET /users/me (authenticated read)',
      direct_to_auth: direct,
      through_gateway: throughGateway,
      gateway_to_direct_ratio: Math.round((throughGateway.per_s / direct.per_s) * 100) / 100,
      bcrypt_cost: BCRYPT_COST,
      logins,
      authenticated_get_quiet: quiet,
      authenticated_get_during_login_flood: underFlood,
    });
  } finally {
    await gateway.stop();
    await auth.stop();
  }
});
