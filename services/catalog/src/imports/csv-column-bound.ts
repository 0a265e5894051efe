import { Transform, type TransformCallback } from 'node:stream';
import { ValidationError } from '@shop/platform';

const QUOTE = 0x22;
const NEWLINE = 0x0a;

/**
 * Refuses a CSV record of more than `maxColumns` cells while its bytes stream past, before the parser
 * holds any of them: delimiters are counted outside quotes (a doubled quote toggles twice), per record.
 * A byte loop instead of csv-parse's per-cell `cast`, which builds a context object for every cell.
 */
export function csvColumnBound(delimiter: string, maxColumns: number): Transform {
  const separator = delimiter.charCodeAt(0);
  let quoted = false;
  let delimiters = 0;
  let line = 1;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      for (let i = 0; i < chunk.length; i++) {
        const byte = chunk[i];
        if (byte === QUOTE) quoted = !quoted;
        else if (byte === NEWLINE) {
          line++;
          if (!quoted) delimiters = 0;
        } else if (byte === separator && !quoted && ++delimiters >= maxColumns) {
          done(new ValidationError(`Line ${line} has more than ${maxColumns} columns`));
          return;
        }
      }
      done(null, chunk);
    },
  });
}
