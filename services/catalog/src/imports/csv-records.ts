import { pipeline, Readable } from 'node:stream';
import { AppError, PayloadTooLargeError, ValidationError } from '@shop/platform';
import { parse } from 'csv-parse';
import { csvColumnBound } from './csv-column-bound.js';

/** Text one record may hold, and its columns: a product row needs a few hundred characters and five columns. */
export const MAX_CSV_RECORD_CHARS = 64 * 1024;
export const MAX_CSV_COLUMNS = 256;

/**
 * Streams a CSV as records (arrays of cell text) with csv-parse: BOM dropped, quoted newlines kept,
 * the delimiter (`;` or `,`) chosen from the header line, at most `maxBytes` read, and each record
 * bounded (MAX_CSV_RECORD_CHARS of text, MAX_CSV_COLUMNS cells) so one huge row cannot take the memory.
 */
export async function* csvRecords(
  source: AsyncIterable<Uint8Array>,
  maxBytes: number,
): AsyncGenerator<string[]> {
  const bytes = countBytes(source, maxBytes)[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headText = '';
  while (!headText.includes('\n')) {
    const next = await bytes.next();
    if (next.done) break;
    head.push(Buffer.from(next.value));
    headText += Buffer.from(next.value).toString('utf8');
  }
  const delimiter = headerDelimiter(headText);
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: MAX_CSV_RECORD_CHARS,
  });
  // pipeline (unlike pipe) hands a failing source's error, such as the byte limit or a record's
  // cell past the last column (refused before the parser stores it), on to the parser.
  pipeline(
    Readable.from(replay(head, bytes)),
    csvColumnBound(delimiter, MAX_CSV_COLUMNS),
    parser,
    function ignoreSettled() {},
  );
  try {
    yield* parser as AsyncIterable<string[]>;
  } catch (error) {
    throw asImportError(error);
  }
}

function asImportError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && code.startsWith('CSV_'))
    return new ValidationError(`Malformed CSV: ${String(message)}`);
  return error;
}

/** `;` when the header line has more of them than commas (outside quotes is close enough for a header). */
function headerDelimiter(text: string): string {
  const header = text.split('\n', 1)[0] ?? '';
  const count = (char: string) => header.split(char).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

async function* replay(head: Buffer[], rest: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield* head;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

async function* countBytes(source: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new PayloadTooLargeError(`The file exceeds ${maxBytes} bytes`);
    yield chunk;
  }
}
