import { createHash, timingSafeEqual } from 'node:crypto';
import { UnauthorizedError } from '@shop/platform';
import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';

/** The header carrying the shared secret of calls between the processes of the system. */
export const INTERNAL_TOKEN_HEADER = 'x-internal-token';

/** What INTERNAL_TOKEN is outside production when unset; production refuses it. */
export const DEVELOPMENT_INTERNAL_TOKEN = 'shop-development-internal-token-not-a-secret';

/** INTERNAL_TOKEN: at least 32 characters; unset, the development value. */
export const internalTokenSetting = z
  .string()
  .min(32, 'must be at least 32 characters')
  .default(DEVELOPMENT_INTERNAL_TOKEN);

/** A config refinement: production must set its own INTERNAL_TOKEN. */
export function requireInternalTokenInProduction(
  config: { NODE_ENV: string; INTERNAL_TOKEN: string },
  ctx: z.RefinementCtx,
): void {
  if (config.NODE_ENV === 'production' && config.INTERNAL_TOKEN === DEVELOPMENT_INTERNAL_TOKEN) {
    ctx.addIssue({
      code: 'custom',
      path: ['INTERNAL_TOKEN'],
      message:
        'is required in production (a shared secret of at least 32 characters, e.g. openssl rand -hex 32)',
    });
  }
}

/** The headers a process sends with a call to another's internal route. */
export function internalCredentialHeaders(internalToken: string): Record<string, string> {
  return { [INTERNAL_TOKEN_HEADER]: internalToken };
}

/**
 * Refuses (401) a request without the internal credential. Both sides are hashed first, so the
 * constant-time comparison neither needs equal lengths nor tells the length by its timing.
 */
export function requireInternalCredential(internalToken: string): MiddlewareHandler {
  const expected = digest(internalToken);
  return async function refuseWithoutInternalCredential(c, next) {
    const given = c.req.header(INTERNAL_TOKEN_HEADER);
    if (given === undefined || !timingSafeEqual(digest(given), expected)) {
      throw new UnauthorizedError(`This route is internal: it needs the ${INTERNAL_TOKEN_HEADER} credential`);
    }
    await next();
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
