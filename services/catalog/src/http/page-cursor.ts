import { ValidationError } from '@shop/platform';
import { z } from 'zod';
import type { SortPosition } from '../data/page.js';
import { INT4_MAX } from './common.schemas.js';

const cursorContent = z.strictObject({ s: z.string(), k: z.string(), i: z.int().positive().max(INT4_MAX) });

/** An opaque cursor: base64url of the sort it belongs to and the last row's sort key and id. */
export function encodeCursor(sort: string, { key, id }: SortPosition): string {
  return Buffer.from(JSON.stringify({ s: sort, k: key, i: id })).toString('base64url');
}

/** Reads a cursor that encodeCursor made for this sort; 400 for anything else. */
export function decodeCursor(cursor: string, sort: string, keyFormat: RegExp): SortPosition {
  const content = cursorContent.safeParse(parseJson(Buffer.from(cursor, 'base64url').toString('utf8')));
  if (!content.success || content.data.s !== sort || !keyFormat.test(content.data.k)) {
    throw new ValidationError('The cursor was not handed out by this list with this sort', [
      { path: 'cursor', message: 'Invalid cursor' },
    ]);
  }
  return { key: content.data.k, id: content.data.i };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
