import { INT4_MAX, unstorableTextReason, ValidationError } from '@shop/platform';
import { z } from 'zod';
import type { RowError } from './import-report.js';

const REQUIRED_COLUMNS = ['name', 'quantity', 'category', 'price'] as const;
const OPTIONAL_COLUMNS = ['cost'] as const;
type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

/** Where each known column sits in a record; unknown extra columns are ignored. */
export type ColumnIndex = Partial<Record<Column, number>>;

/** Maps header names (trimmed, any case) to positions; 400 naming any missing required column. */
export function resolveColumns(header: string[]): ColumnIndex {
  const index: ColumnIndex = {};
  header.forEach((name, position) => {
    const column = name.trim().toLowerCase() as Column;
    if ([...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS].includes(column) && index[column] === undefined) {
      index[column] = position;
    }
  });
  const missing = REQUIRED_COLUMNS.filter((column) => index[column] === undefined);
  if (missing.length > 0) {
    throw new ValidationError(`The file lacks required column(s): ${missing.join(', ')}`);
  }
  return index;
}

// A cell PostgreSQL could not store (NUL, a lone surrogate) is one error, whatever the column.
const cellText = () =>
  z.string().refine((text) => unstorableTextReason(text) === undefined, {
    error: (issue) => unstorableTextReason(String(issue.input)),
    abort: true,
  });

const amount = /^\d{1,10}(\.\d{1,2})?$/;
const money = cellText()
  .trim()
  .regex(amount, 'must be a number >= 0 with at most 2 decimals')
  .transform(Number);

const importRowSchema = z.object({
  name: cellText().trim().min(1).max(200),
  quantity: cellText()
    .trim()
    .regex(/^\d{1,10}$/, 'must be a whole number >= 0')
    .transform(Number)
    .pipe(z.number().max(INT4_MAX)),
  category: cellText().trim().min(1).max(100),
  price: money.pipe(z.number().positive('must be greater than 0')),
  cost: cellText()
    .trim()
    .transform((text) => text || '0')
    .pipe(money),
});

/** A valid row, ready to store; cell text is kept as is (a leading `=` is just text here). */
export type ImportRow = z.infer<typeof importRowSchema>;

/** Validates one record; either the row or one error per bad cell. */
export function parseImportRow(
  record: string[],
  columns: ColumnIndex,
  row: number,
): { row: ImportRow } | { errors: RowError[] } {
  const cell = (column: Column) => {
    const position = columns[column];
    return position === undefined ? '' : (record[position] ?? '');
  };
  const result = importRowSchema.safeParse({
    name: cell('name'),
    quantity: cell('quantity'),
    category: cell('category'),
    price: cell('price'),
    cost: cell('cost'),
  });
  if (result.success) return { row: result.data };
  return {
    errors: result.error.issues.map((issue) => ({
      row,
      column: String(issue.path[0] ?? ''),
      message: issue.message,
    })),
  };
}
