import type { BlockList } from 'node:net';
import type { KeyLookup, TokenSigner } from '@shop/identity';
import type { Causation } from '@shop/messaging';
import type { Logger, Sql } from '@shop/platform';
import type { LoginLimits } from './users/login-throttle.js';
import type { Passwords } from './users/passwords.js';

/** What the use-cases work with; built once in service.ts. */
export interface AuthDeps {
  sql: Sql;
  signer: TokenSigner;
  /** The signer's own public key, to verify the tokens it issued. */
  keys: KeyLookup;
  passwords: Passwords;
  limits: LoginLimits;
  /** Registrations one address may attempt per hour. */
  registrationsPerIpPerHour: number;
  /** Proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES). */
  trustedProxies: BlockList;
  logger: Logger;
  /** The shared secret of internal routes (INTERNAL_TOKEN). */
  internalToken: string;
}

/** Ties the events a request causes to that request (its request id as their correlation). */
export type RequestContext = Pick<Causation, 'correlationId'>;
