import type { z } from 'zod';
import { requireInternalTokenInProduction } from './internal-credential.js';

/**
 * Every process's refinement of its settings: in production, no development credential is accepted —
 * the internal token's default, nor RabbitMQ's guest account (named in AMQP_URL, or implied when the
 * URL names no user: amqplib then logs in as guest).
 */
export function refuseDevelopmentCredentialsInProduction(
  config: { NODE_ENV: string; INTERNAL_TOKEN: string; AMQP_URL: string },
  ctx: z.RefinementCtx,
): void {
  requireInternalTokenInProduction(config, ctx);
  if (config.NODE_ENV !== 'production') return;
  const user = decodeURIComponent(new URL(config.AMQP_URL).username);
  if (user === '' || user === 'guest') {
    ctx.addIssue({
      code: 'custom',
      path: ['AMQP_URL'],
      message: "must name a broker user other than RabbitMQ's development account guest in production",
    });
  }
}
