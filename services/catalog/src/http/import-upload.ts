import { Readable } from 'node:stream';
import type { ReadableStream as WebStream } from 'node:stream/web';
import { AppError, PayloadTooLargeError, ValidationError } from '@shop/platform';
import type { Context } from 'hono';
import { csvRecords } from '../imports/csv-records.js';
import type { ImportLimits } from '../imports/import-report.js';
import { xlsxRecords } from '../imports/xlsx-records.js';

class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
  readonly title = 'Unsupported media type';
}

/**
 * The uploaded file's records: a raw text/csv body is streamed (buffered first when `buffer`, as a
 * background job outlives the request); a multipart `file` is buffered by Hono, bounded by maxBytes.
 */
export async function uploadedRecords(
  c: Context,
  limits: ImportLimits,
  buffer: boolean,
): Promise<AsyncIterable<string[]>> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (Number(c.req.header('content-length') ?? 0) > limits.maxBytes) throw tooLarge(limits);
  if (type.startsWith('text/csv')) {
    const body = c.req.raw.body
      ? Readable.fromWeb(c.req.raw.body as WebStream<Uint8Array>)
      : Readable.from([]);
    return csvRecords(buffer ? Readable.from([await readBounded(body, limits)]) : body, limits.maxBytes);
  }
  if (type.startsWith('multipart/form-data')) return fileRecords(c, limits);
  throw new UnsupportedMediaTypeError('Send multipart/form-data with a "file" field, or a text/csv body');
}

async function fileRecords(c: Context, limits: ImportLimits): Promise<AsyncIterable<string[]>> {
  const file = (await c.req.parseBody()).file;
  if (!(file instanceof File)) throw new ValidationError('The multipart field "file" is required');
  if (file.size > limits.maxBytes) throw tooLarge(limits);
  const name = file.name.toLowerCase();
  if (name.endsWith('.xlsx') || file.type.includes('spreadsheetml')) {
    return xlsxRecords(Buffer.from(await file.arrayBuffer()), limits);
  }
  if (name.endsWith('.csv') || file.type.startsWith('text/csv')) {
    return csvRecords(Readable.fromWeb(file.stream() as WebStream<Uint8Array>), limits.maxBytes);
  }
  throw new UnsupportedMediaTypeError('The file must be a .csv or a .xlsx');
}

async function readBounded(body: Readable, limits: ImportLimits): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > limits.maxBytes) throw tooLarge(limits);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function tooLarge(limits: ImportLimits): PayloadTooLargeError {
  return new PayloadTooLargeError(`The file exceeds ${limits.maxBytes} bytes`);
}
