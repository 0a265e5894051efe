// amqplib's channel classes, for the fault preloads to wrap (it exports no subpath for them).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Channel, ConfirmChannel } from 'amqplib';

const require = createRequire(import.meta.url);

export const { Channel: ChannelClass, ConfirmChannel: ConfirmChannelClass } = require(
  join(dirname(require.resolve('amqplib')), 'lib/channel_model.js'),
) as { Channel: { prototype: Channel }; ConfirmChannel: { prototype: ConfirmChannel } };
