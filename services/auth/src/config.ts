import { createPrivateKey } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { internalTokenSetting, refuseDevelopmentCredentialsInProduction } from '@shop/identity';
import { baseConfigSchema, loadConfig, portSetting } from '@shop/platform';
import { z } from 'zod';
import { trustedProxiesSetting } from './trusted-proxies.js';

/** The development admin password; production refuses to start with it. */
export const DEFAULT_ADMIN_PASSWORD = 'admin-password-123';

const positiveInt = z.coerce.number().int().min(1);

// Env files often carry a PEM on one line with literal "\n".
const pem = z
  .string()
  .min(1)
  .transform((value) => value.replaceAll('\\n', '\n'))
  .refine(isEd25519PrivateKey, 'must be a PEM (PKCS#8) Ed25519 private key');

const password = z
  .string()
  .refine((value) => Buffer.byteLength(value, 'utf8') >= 8, 'must be at least 8 bytes')
  .refine((value) => Buffer.byteLength(value, 'utf8') <= 72, 'must be at most 72 bytes (UTF-8)');

/** The auth service's environment: the shared settings plus keys, admin bootstrap and login limits. */
export const authConfigSchema = baseConfigSchema
  .extend({
    PORT: portSetting(8081),
    JWT_ISSUER: z.string().min(1).default('shop-auth'),
    JWT_PRIVATE_KEY: pem.optional(),
    JWT_KEY_ID: z.string().min(1).max(100).optional(),
    /** The shared secret internal routes (/internal/revocations) ask for; required in production. */
    INTERNAL_TOKEN: internalTokenSetting,
    DEV_KEY_FILE: z.string().min(1).default('.dev-keys/auth-ed25519.pem'),
    ADMIN_EMAIL: z.email().default('admin@shop.local'),
    ADMIN_PASSWORD: password.default(DEFAULT_ADMIN_PASSWORD),
    BCRYPT_COST: z.coerce.number().int().min(10).max(14).default(10),
    /** Worker threads hashing passwords, so logins never stall the event loop (default: one per core). */
    BCRYPT_WORKERS: z.coerce.number().int().min(1).max(64).default(availableParallelism()),
    /** Sign-in checks and new-password hashes that may wait for a worker; past that, 503. */
    BCRYPT_MAX_QUEUED_CHECKS: positiveInt.default(256),
    BCRYPT_MAX_QUEUED_HASHES: positiveInt.default(32),
    LOGIN_WINDOW_SECONDS: positiveInt.default(900),
    // Failures per window: one email from one address (a guesser), one address over any emails (spraying),
    // one email from all addresses (distributed; past it, only addresses that have not failed get in).
    LOGIN_MAX_FAILURES_PER_EMAIL_AND_IP: positiveInt.default(10),
    LOGIN_MAX_FAILURES_PER_IP: positiveInt.default(50),
    LOGIN_MAX_FAILURES_PER_EMAIL: positiveInt.default(500),
    /** Registrations (POST /users/add) one address may attempt per hour. */
    REGISTRATION_PER_IP_PER_HOUR: positiveInt.default(20),
    /** Proxies whose X-Forwarded-For is believed (addresses, CIDR ranges; default loopback). */
    TRUSTED_PROXIES: trustedProxiesSetting,
    /** Days an expired or revoked session is kept after its refresh token expired (and its revocation). */
    SESSION_RETENTION_DAYS: positiveInt.default(7),
  })
  .superRefine(function refuseDevelopmentSecretsInProduction(config, ctx) {
    refuseDevelopmentCredentialsInProduction(config, ctx);
    if (config.NODE_ENV !== 'production') return;
    if (!config.JWT_PRIVATE_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_PRIVATE_KEY'],
        message: 'is required in production (a PEM PKCS#8 Ed25519 private key)',
      });
    }
    if (config.ADMIN_PASSWORD === DEFAULT_ADMIN_PASSWORD) {
      ctx.addIssue({
        code: 'custom',
        path: ['ADMIN_PASSWORD'],
        message: 'must be changed from the development default in production',
      });
    }
  });

export type AuthConfig = z.infer<typeof authConfigSchema>;

/** Parses the process environment once; exits 1 naming each bad variable. */
export function loadAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  return loadConfig(authConfigSchema, env);
}

function isEd25519PrivateKey(value: string): boolean {
  try {
    return createPrivateKey(value).asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
}
