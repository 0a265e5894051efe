import { createHash } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import { ValidationError } from './errors.js';

/** `limit` and `cursor`, as every list takes them (docs/architecture.md, HTTP API). */
export const pageQueryShape = {
  limit: z.coerce.number().int().min(1).max(500).default(50).openapi({ description: '1..500, default 50' }),
  cursor: z.string().min(1).max(2000).optional().openapi({
    description:
      'The `next_cursor` of the previous page, with the same filters; a cursor made for other filters is refused (400)',
  }),
};

const cursorContent = z.strictObject({ b: z.string(), p: z.unknown() });

/** The filters and sort of the query a cursor is made for; a cursor only pages on the same ones. */
export type CursorBinding = Record<string, string | number | boolean | null | undefined>;

/** Makes and reads one list's opaque cursors. */
export interface CursorCodec<Input, Position> {
  /** The cursor of the page after `position`, for the query that `binding` describes. */
  encode(position: Input, binding?: CursorBinding): string;
  /** The position a cursor carries (none without one); 400 at path `cursor` unless made here for `binding`. */
  decode(cursor: string, binding?: CursorBinding): Position;
  decode(cursor: string | undefined, binding?: CursorBinding): Position | undefined;
}

/**
 * The cursor codec of the list `list`: base64url JSON of a position that `position` validates, and a
 * tag of the list and binding so that a cursor is refused by another list or for other filters.
 */
export function cursorCodec<S extends z.ZodType>(
  list: string,
  position: S,
): CursorCodec<z.input<S>, z.output<S>> {
  function encode(at: z.input<S>, binding: CursorBinding = {}): string {
    return Buffer.from(JSON.stringify({ b: bindingTag(list, binding), p: at })).toString('base64url');
  }

  function decode(cursor: string, binding?: CursorBinding): z.output<S>;
  function decode(cursor: string | undefined, binding?: CursorBinding): z.output<S> | undefined;
  function decode(cursor: string | undefined, binding: CursorBinding = {}): z.output<S> | undefined {
    if (cursor === undefined) return undefined;
    const content = cursorContent.safeParse(parseJson(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (!content.success) throw invalidCursor('Invalid cursor');
    if (content.data.b !== bindingTag(list, binding)) {
      throw invalidCursor('Made for other filters or another list; start again without a cursor');
    }
    const at = position.safeParse(content.data.p);
    if (!at.success) throw invalidCursor('Invalid cursor');
    return at.data;
  }

  return { encode, decode };
}

// A digest keeps cursors short whatever the filters; it guards against mistakes, not forgery.
function bindingTag(list: string, binding: CursorBinding): string {
  const entries = Object.entries(binding)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256')
    .update(JSON.stringify([list, entries]))
    .digest('base64url')
    .slice(0, 16);
}

function invalidCursor(message: string): ValidationError {
  return new ValidationError('The cursor was not handed out by this list for this query', [
    { path: 'cursor', message },
  ]);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
