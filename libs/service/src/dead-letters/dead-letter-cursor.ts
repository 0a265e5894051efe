import type { DeadLetterPosition } from '@shop/messaging';
import { cursorCodec } from '@shop/platform';
import { z } from 'zod';

// Every service orders its dead letters the same way, so one cursor pages each of them, and the
// gateway's merged list too.
const deadLetterCursor = cursorCodec(
  'dead-letters',
  z.strictObject({
    deadLetteredAt: z.iso
      .datetime()
      .refine((text) => !text.startsWith('0000'), 'PostgreSQL has no year 0')
      .transform((text) => new Date(text)),
    id: z.uuid(),
  }),
);

/** The cursor after a dead letter: its time and id. */
export function encodeDeadLetterCursor(position: { deadLetteredAt: string; id: string }): string {
  return deadLetterCursor.encode(position);
}

/** Reads a cursor that encodeDeadLetterCursor made; 400 for anything else. */
export function decodeDeadLetterCursor(cursor: string): DeadLetterPosition {
  return deadLetterCursor.decode(cursor);
}
