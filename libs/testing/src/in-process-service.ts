import { createSql, type Sql } from '@shop/platform';
import { fixedRevocations, type RunningService, type ServiceDeps } from '@shop/service';
import type { TestEnvironment } from './test-environment.js';
import { type TestTokens, testTokens } from './test-tokens.js';

/** A service of the test file's own, started in-process through its start function. */
export interface InProcessService {
  port: number;
  origin: string;
  /** A pool on the service's schema, to look at its rows. */
  sql: Sql;
  /** The key the service trusts, to sign its callers' tokens with. */
  tokens: TestTokens;
  /** Bearer tokens of an admin (user 1) and a customer (user 2). */
  callers: { admin: string; customer: string };
  stop(): Promise<void>;
}

export interface InProcessSetup<Config> {
  /** The service's schema, for `sql`. */
  schema: string;
  /** Its config loader, given the test environment's variables. */
  load: (variables: NodeJS.ProcessEnv) => Config;
  start: (config: Config, deps: ServiceDeps) => Promise<RunningService>;
  /** Settings over the test environment's (a free port, the test key's issuer, warnings only). */
  settings?: Record<string, string>;
}

/**
 * Starts a service against the test file's database and broker prefix on a free port, trusting a
 * fresh signing key, with no revocations (no auth to feed them), and opens a pool on its schema.
 */
export async function startInProcess<Config>(
  env: TestEnvironment,
  { schema, load, start, settings = {} }: InProcessSetup<Config>,
): Promise<InProcessService> {
  const tokens = testTokens();
  const config = load({
    ...env.env,
    PORT: '0',
    JWT_ISSUER: tokens.issuer,
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    ...settings,
  });
  const service = await start(config, { keys: tokens.keys, revocations: fixedRevocations() });
  const sql = createSql(env.databaseUrl, { schema, max: 4 });
  return {
    port: service.port,
    origin: `http://127.0.0.1:${service.port}`,
    sql,
    tokens,
    callers: { admin: tokens.accessToken(1, 'admin'), customer: tokens.accessToken(2, 'customer') },
    async stop() {
      await service.stop();
      await sql.end();
    },
  };
}
