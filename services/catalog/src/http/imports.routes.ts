import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { requireUser } from '@shop/identity';
import { type Logger, NotFoundError, type Registry, type Sql } from '@shop/platform';
import type { ImportControl, ImportJobs } from '../imports/import-jobs.js';
import { importRowsCounter } from '../imports/import-metrics.js';
import { importProducts } from '../imports/import-products.js';
import type { ImportLimits } from '../imports/import-report.js';
import { adminOnly, jsonResponse, problems } from './common.schemas.js';
import { ImportRefusedError } from './import-refused.js';
import { uploadedRecords } from './import-upload.js';
import {
  importBody,
  importJobIdSchema,
  importJobParam,
  importJobSchema,
  importQuery,
  importReportSchema,
} from './imports.schemas.js';
import { requestCausation } from './request-context.js';

const tags = ['products'];
const admin = { security: adminOnly, middleware: [requireUser('admin')] };
const problem = (description: string) => ({ description });

const importRoute = createRoute({
  method: 'post',
  path: '/products/bulk-import',
  tags,
  ...admin,
  description:
    'Imports products from a .csv (streamed when sent raw as text/csv) or a .xlsx (buffered: a ZIP needs random access). ' +
    'Columns name, quantity, category, price and optional cost; header names are matched in any case, other columns are ignored; ' +
    '`;` or `,` is taken from the header line. The whole file is checked first, then written in chunks of 1000 rows ' +
    'that each commit (atomic=true: a bad row writes nothing; a crash or shutdown mid-write leaves the chunks written, ' +
    'and importing the file again with mode=upsert completes it). A few imports run at once per replica; the others ' +
    'wait their turn (async jobs show `queued`). A job is stored, so any replica answers GET /products/imports/{job_id}.',
  request: {
    query: importQuery,
    body: {
      required: false,
      content: {
        'multipart/form-data': { schema: importBody },
        'text/csv': { schema: { type: 'string' } },
      },
    },
  },
  responses: {
    200: jsonResponse('The report (nothing written on a dry run)', importReportSchema),
    202: jsonResponse('Started in the background', importJobIdSchema),
    422: {
      description:
        'atomic=true and some rows are bad: nothing was imported (problem+json carrying the report)',
      content: { 'application/problem+json': { schema: importReportSchema } },
    },
    413: problem(
      'The file exceeds IMPORT_MAX_BYTES, or a .xlsx inflates past IMPORT_XLSX_MAX_INFLATED_BYTES',
    ),
    415: problem('Neither multipart/form-data nor text/csv, or a file that is neither .csv nor .xlsx'),
    ...problems(400, 401, 403, 409, 503),
  },
});

const jobRoute = createRoute({
  method: 'get',
  path: '/products/imports/{job_id}',
  tags,
  ...admin,
  description:
    'queued (waiting for a free import slot), running, succeeded, failed (bad rows, with the report, or an error), ' +
    'interrupted (the catalog stopped before or while running it: send the file again). Finished jobs are kept 7 days.',
  request: { params: importJobParam },
  responses: { 200: jsonResponse('The job', importJobSchema), ...problems(400, 401, 403, 404) },
});

export interface ImportRoutesDeps {
  sql: Sql;
  logger: Logger;
  metrics: Registry;
  limits: ImportLimits;
  jobs: ImportJobs;
}

/** POST /products/bulk-import and GET /products/imports/{job_id}, for admins. */
export function importRoutes({ sql, logger, metrics, limits, jobs }: ImportRoutesDeps): OpenAPIHono {
  const routes = new OpenAPIHono();
  const countRows = importRowsCounter(metrics);

  routes.openapi(importRoute, async (c) => {
    const { mode, atomic, dry_run, async: inBackground } = c.req.valid('query');
    const records = await uploadedRecords(c, limits, inBackground);
    const run = { options: { mode, atomic, dryRun: dry_run }, limits, causation: requestCausation(c) };
    const runImport = async (control: ImportControl) => {
      const result = await importProducts(sql, records, { ...run, ...control });
      if (!run.options.dryRun) countRows(result.report);
      return result;
    };
    if (inBackground) {
      const job_id = await jobs.start(runImport, (error) =>
        logger.error({ err: error }, 'background import failed'),
      );
      return c.json({ job_id }, 202);
    }
    const { report, refused } = await jobs.run(runImport);
    if (refused) throw new ImportRefusedError(report);
    return c.json(report, 200);
  });

  routes.openapi(jobRoute, async (c) => {
    const { job_id } = c.req.valid('param');
    const job = await jobs.find(job_id);
    if (!job) throw new NotFoundError(`Import job ${job_id} does not exist`);
    return c.json(job, 200);
  });

  return routes;
}
