import { ValidationError } from '@shop/platform';
import { z } from 'zod';
import type { DeadLetterPosition } from './dead-letters.repository.js';

const cursorContent = z.strictObject({ t: z.iso.datetime(), i: z.uuid() });

/**
 * The cursor after a dead letter: base64url of its time and id. Every service orders its dead
 * letters the same way, so one cursor pages each of them, and the gateway's merged list too.
 */
export function encodeDeadLetterCursor({
  deadLetteredAt,
  id,
}: {
  deadLetteredAt: string;
  id: string;
}): string {
  return Buffer.from(JSON.stringify({ t: deadLetteredAt, i: id })).toString('base64url');
}

/** Reads a cursor that encodeDeadLetterCursor made; 400 for anything else. */
export function decodeDeadLetterCursor(cursor: string): DeadLetterPosition {
  const content = cursorContent.safeParse(parseJson(Buffer.from(cursor, 'base64url').toString('utf8')));
  if (!content.success) {
    throw new ValidationError('The cursor was not handed out by this list', [
      { path: 'cursor', message: 'Invalid cursor' },
    ]);
  }
  return { deadLetteredAt: new Date(content.data.t), id: content.data.i };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
