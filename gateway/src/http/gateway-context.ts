import type { IncomingMessage } from 'node:http';
import type { HttpBindings } from '@hono/node-server';
import type { Logger } from '@shop/platform';
import type { Context } from 'hono';

/** The context of a request in the gateway's app (the variables `createServiceApp` sets). */
export type GatewayContext = Context<{ Variables: { requestId: string; logger: Logger } }>;

/** The Node request behind a Hono context: the gateway always runs on @hono/node-server. */
export function nodeRequestOf(c: Context): IncomingMessage {
  return (c.env as HttpBindings).incoming;
}
