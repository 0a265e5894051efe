import { z } from '@hono/zod-openapi';
import { queryFlagDefault } from '@shop/platform';

export const importQuery = z.object({
  mode: z.enum(['upsert', 'insert']).default('upsert').openapi({
    description:
      'upsert (default): an active product of the same name (any case) is updated; insert: such a row is an error',
  }),
  atomic: queryFlagDefault(
    true,
    'true (default): any bad row imports nothing (422); false: good rows are imported in batches',
  ),
  dry_run: queryFlagDefault(false, 'true: validate and report, write nothing'),
  async: queryFlagDefault(false, 'true: answer 202 with a job id at once and import in the background'),
});

export const importBody = z.object({
  file: z.any().openapi({ type: 'string', format: 'binary', description: 'A .csv or .xlsx file' }),
});

const rowErrorSchema = z.object({
  row: z.int().openapi({ description: '1-based data row; the header row is not counted' }),
  column: z.string(),
  message: z.string(),
});

export const importReportSchema = z
  .object({
    total_rows: z.int(),
    inserted: z.int(),
    updated: z.int(),
    rejected: z.int(),
    errors: z.array(rowErrorSchema).openapi({ description: 'At most 1000 are listed' }),
  })
  .openapi('ImportReport');

export const importJobIdSchema = z.object({ job_id: z.uuid() });

export const importJobSchema = z
  .object({
    job_id: z.uuid(),
    status: z.enum(['queued', 'running', 'succeeded', 'failed', 'interrupted']),
    processed_rows: z.int().openapi({ description: 'Rows read and checked so far' }),
    written_rows: z.int().openapi({ description: 'Rows written so far' }),
    report: importReportSchema.optional(),
    error: z.string().optional(),
  })
  .openapi('ImportJob');

export const importJobParam = z.object({
  job_id: z.uuid().openapi({ param: { name: 'job_id', in: 'path' } }),
});
