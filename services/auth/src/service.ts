import { fileURLToPath } from 'node:url';
import { keysOf, type TokenSigner } from '@shop/identity';
import { startServiceMessaging } from '@shop/messaging';
import { createLogger, createMetricsRegistry, databaseIsReady, type Logger, serveHttp } from '@shop/platform';
import { openServiceDatabase } from '@shop/service';
import { createApp } from './app.js';
import type { AuthConfig } from './config.js';
import { authPurges } from './data/auth-retention.repository.js';
import { registrationAttemptsPurge } from './data/registration-attempts.repository.js';
import type { AuthDeps } from './deps.js';
import { loadSigningKey } from './keys/load-signing-key.js';
import { Passwords } from './users/passwords.js';
import { seedAdmin } from './users/seed-admin.js';

const SCHEMA = 'auth';
const authMigrations = { name: SCHEMA, dir: fileURLToPath(new URL('../migrations', import.meta.url)) };

/** A running auth service. */
export interface AuthService {
  port: number;
  /** The key that signs its tokens (tests and benchmarks verify or mint with it). */
  signer: TokenSigner;
  /** Drains HTTP, then stops the relay, the broker connection and the pool. */
  stop(): Promise<void>;
}

/** Migrates, seeds the first admin, connects to the broker, starts the outbox relay and serves HTTP. */
export async function startAuthService(
  config: AuthConfig,
  logger: Logger = createLogger({ service: SCHEMA, level: config.LOG_LEVEL, format: config.LOG_FORMAT }),
): Promise<AuthService> {
  const sql = await openServiceDatabase(config, { schema: SCHEMA, migrations: authMigrations, logger });
  const signer = await loadSigningKey(config, logger);
  const passwords = await Passwords.withCost(config.BCRYPT_COST, config.BCRYPT_WORKERS, {
    check: config.BCRYPT_MAX_QUEUED_CHECKS,
    hash: config.BCRYPT_MAX_QUEUED_HASHES,
  });
  const deps: AuthDeps = {
    sql,
    signer,
    keys: keysOf(signer),
    passwords,
    limits: {
      windowSeconds: config.LOGIN_WINDOW_SECONDS,
      maxFailuresPerEmailAndIp: config.LOGIN_MAX_FAILURES_PER_EMAIL_AND_IP,
      maxFailuresPerEmail: config.LOGIN_MAX_FAILURES_PER_EMAIL,
      maxFailuresPerIp: config.LOGIN_MAX_FAILURES_PER_IP,
    },
    registrationsPerIpPerHour: config.REGISTRATION_PER_IP_PER_HOUR,
    trustedProxies: config.TRUSTED_PROXIES,
    logger,
    internalToken: config.INTERNAL_TOKEN,
  };
  const admin = { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD };
  await seedAdmin(deps, admin, { production: config.NODE_ENV === 'production' }).catch(
    async (error: unknown) => {
      await Promise.all([sql.end(), passwords.close()]);
      throw error;
    },
  );
  const metrics = createMetricsRegistry(SCHEMA);
  const messaging = await startServiceMessaging({
    config,
    sql,
    service: SCHEMA,
    schema: SCHEMA,
    logger,
    metrics,
    purges: [...authPurges(config), registrationAttemptsPurge()],
  });
  const { broker } = messaging;
  const app = createApp(deps, {
    logger,
    metrics,
    readiness: { database: () => databaseIsReady(sql), broker: async () => broker.isConnected() },
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
  });
  const server = await serveHttp(app.fetch, config.PORT, config.HOST);
  logger.info({ port: server.port }, 'auth listening');
  return {
    port: server.port,
    signer,
    async stop() {
      await server.close();
      await messaging.stop();
      await sql.end();
      await passwords.close();
    },
  };
}
