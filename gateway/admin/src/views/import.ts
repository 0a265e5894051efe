import { ApiError } from '../api.js';
import { field, h } from '../dom.js';
import type { Session } from '../session.js';
import { type ImportReport, reportView } from './import-report.js';

interface ImportJob {
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'interrupted';
  processed_rows: number;
  report?: ImportReport;
  error?: string;
}

const POLL_MS = 200;

/** Data rows of a CSV, for the progress bar's end (an .xlsx's are unknown until its report). */
async function csvRowCount(file: File): Promise<number | undefined> {
  if (!file.name.toLowerCase().endsWith('.csv')) return undefined;
  const lines = (await file.text()).split(/\r?\n/).filter((line) => line.trim() !== '');
  return Math.max(lines.length - 1, 0);
}

/** Drop or choose a CSV or .xlsx, pick mode / atomic / dry run, follow the job's progress, read its report. */
export function importView(session: Session): HTMLElement {
  const file = h('input', { type: 'file', accept: '.csv,.xlsx', required: true });
  const mode = h(
    'select',
    {},
    h('option', { value: 'upsert' }, 'upsert'),
    h('option', { value: 'insert' }, 'insert'),
  );
  const atomic = h('input', { type: 'checkbox', checked: true, id: 'import-atomic' });
  const dryRun = h('input', { type: 'checkbox', id: 'import-dry-run' });
  const progress = h('progress', { 'aria-label': 'Import progress' });
  const progressText = h('p', { 'aria-live': 'polite' });
  const outcome = h('div');
  const drop = h(
    'div',
    { class: 'drop' },
    field('CSV or .xlsx file', file),
    h('p', {}, 'or drop the file here'),
  );
  const form = h(
    'form',
    { class: 'import' },
    drop,
    field('Mode', mode),
    h(
      'div',
      { class: 'check' },
      atomic,
      h('label', { for: 'import-atomic' }, 'Atomic: a bad row imports nothing'),
    ),
    h(
      'div',
      { class: 'check' },
      dryRun,
      h('label', { for: 'import-dry-run' }, 'Dry run: check only, write nothing'),
    ),
    h('button', { type: 'submit' }, 'Import'),
  );
  progress.hidden = true;

  drop.addEventListener('dragover', (event) => event.preventDefault());
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    if (event.dataTransfer?.files.length) file.files = event.dataTransfer.files;
  });

  async function follow(jobId: string, chosen: File, total: number | undefined): Promise<void> {
    const job = await session.call<ImportJob>(`/products/imports/${jobId}`);
    const max = job.report?.total_rows ?? total;
    if (max !== undefined) progress.max = Math.max(max, 1);
    progress.value = Math.min(job.processed_rows, progress.max);
    progressText.textContent = `${job.status}: ${job.processed_rows}${max === undefined ? '' : ` of ${max}`} rows checked`;
    if (job.status === 'queued' || job.status === 'running') {
      setTimeout(() => void follow(jobId, chosen, total).catch(showError), POLL_MS);
      return;
    }
    if (job.report) outcome.replaceChildren(reportView(job.report, chosen.name));
    else
      outcome.replaceChildren(
        h('p', { role: 'alert', class: 'notice' }, job.error ?? `The import ${job.status}.`),
      );
  }

  function showError(error: unknown): void {
    const message = error instanceof ApiError ? error.message : String(error);
    outcome.replaceChildren(h('p', { role: 'alert', class: 'notice' }, message));
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) return;
    outcome.replaceChildren();
    progress.hidden = false;
    progress.removeAttribute('value');
    const query = new URLSearchParams({
      mode: mode.value,
      atomic: String(atomic.checked),
      dry_run: String(dryRun.checked),
      async: 'true',
    });
    const upload = new FormData();
    upload.append('file', chosen);
    try {
      const total = await csvRowCount(chosen);
      const { job_id } = await session.call<{ job_id: string }>(`/products/bulk-import?${query}`, {
        method: 'POST',
        body: upload,
      });
      await follow(job_id, chosen, total);
    } catch (error) {
      showError(error);
    }
  });
  return h(
    'section',
    { 'aria-labelledby': 'page-title' },
    h('h1', { id: 'page-title' }, 'Import'),
    form,
    progress,
    progressText,
    outcome,
  );
}
