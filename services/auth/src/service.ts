import { keysOf, type TokenSigner } from '@shop/identity';
import { type RunningService, type ServiceDeps, startService } from '@shop/service';
import { createApp } from './app.js';
import type { AuthConfig } from './config.js';
import { authPurges } from './data/auth-retention.repository.js';
import { registrationAttemptsPurge } from './data/registration-attempts.repository.js';
import type { AuthDeps } from './deps.js';
import { loadSigningKey } from './keys/load-signing-key.js';
import { Passwords } from './users/passwords.js';
import { seedAdmin } from './users/seed-admin.js';

/** A running auth service. */
export interface AuthService extends RunningService {
  /** The key that signs its tokens (tests and benchmarks verify or mint with it). */
  signer: TokenSigner;
}

/** Starts auth through the service kit: database, signing key, password workers, the first admin, messaging, HTTP. */
export function startAuthService(config: AuthConfig, deps: ServiceDeps = {}): Promise<AuthService> {
  return startService({ name: 'auth', config, port: config.PORT, deps }, async (kit) => {
    const sql = await kit.openDatabase('auth', new URL('../migrations', import.meta.url));
    const signer = await loadSigningKey(config, kit.logger);
    const passwords = await Passwords.withCost(config.BCRYPT_COST, config.BCRYPT_WORKERS, {
      check: config.BCRYPT_MAX_QUEUED_CHECKS,
      hash: config.BCRYPT_MAX_QUEUED_HASHES,
    });
    kit.onStop('passwords', () => passwords.close());
    const authDeps: AuthDeps = {
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
      logger: kit.logger,
      internalToken: config.INTERNAL_TOKEN,
    };
    const admin = { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD };
    await seedAdmin(authDeps, admin, { production: config.NODE_ENV === 'production' });
    await kit.startMessaging(sql, {
      schema: 'auth',
      purges: [...authPurges(config), registrationAttemptsPurge()],
    });
    return { fetch: createApp(kit, authDeps).fetch, signer };
  });
}
