// Issue 13's file attacks, sent through the gateway as an admin's dry run: .xlsx zip bombs (entries
// inflating far past what they declare, ZIP64, too many parts) are refused quickly with memory bounded while
// the catalog answers /healthz, and one huge record (a million columns) costs no unbounded memory.
import { readFileSync, writeFileSync } from 'node:fs';
import { useTestEnvironment } from '@shop/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAdmin } from '../fixtures/order-saga-fixtures.js';
import { type RunningSystem, startSystem } from '../fixtures/system.js';
import {
  deflatedEntry,
  honestXlsx,
  lyingXlsxBomb,
  sheetRow,
  workbookEntries,
  zipOf,
} from './fixtures/spreadsheet-archives.js';

const env = useTestEnvironment();
const GIB = 1024 ** 3;
let system: RunningSystem;
let adminToken: string;

beforeAll(async () => {
  system = await startSystem(env);
  const login = await signInAdmin(system.gatewayUrl);
  adminToken = login.token;
});

afterAll(async () => {
  await system?.stop();
});

/** A dry-run import of a multipart file, or of a raw text/csv body when `bytes` is text. */
async function upload(fileName: string, bytes: Buffer | string) {
  const form = new FormData();
  form.append('file', new Blob([bytes]), fileName);
  const csv = typeof bytes === 'string';
  const response = await fetch(`${system.gatewayUrl}/products/bulk-import?dry_run=true`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, ...(csv ? { 'content-type': 'text/csv' } : {}) },
    body: csv ? bytes : form,
  });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

/** This process's peak resident set (VmHWM), in bytes. */
function peakRss(): number {
  const line = readFileSync('/proc/self/status', 'utf8').match(/^VmHWM:\s+(\d+) kB/m);
  return Number(line?.[1] ?? 0) * 1024;
}

/**
 * Runs `work` while asking the catalog's /healthz every 50 ms. The services run in this process, so a
 * blocked event loop shows as a long gap between answers; the peak RSS is reset first (clear_refs 5).
 */
async function whileWatchingCatalog<T>(work: () => Promise<T>) {
  const rssBefore = process.memoryUsage().rss;
  writeFileSync('/proc/self/clear_refs', '5');
  let longestGapMs = 0;
  let healthzFailures = 0;
  let done = false;
  const watcher = (async () => {
    let last = performance.now();
    while (!done) {
      const status = await fetch(`${system.catalogUrl}/healthz`).then(
        (r) => r.status,
        () => 0,
      );
      if (status !== 200) healthzFailures++;
      longestGapMs = Math.max(longestGapMs, performance.now() - last);
      last = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const started = performance.now();
  try {
    const result = await work();
    return {
      result,
      elapsedMs: performance.now() - started,
      longestGapMs,
      healthzFailures,
      rssRise: peakRss() - rssBefore,
    };
  } finally {
    done = true;
    await watcher;
  }
}

describe('.xlsx zip bombs', () => {
  it('a <1 MB .xlsx inflating to 1 GiB while declaring 1000 bytes is refused 413 quickly, memory bounded, /healthz answering', async () => {
    const bomb = await lyingXlsxBomb(GIB);
    expect(bomb.length).toBeLessThan(1024 * 1024);

    const watched = await whileWatchingCatalog(() => upload('bomb.xlsx', bomb));

    expect(watched.result.status, watched.result.text).toBe(413);
    expect(watched.result.type).toBe('application/problem+json');
    expect(watched.elapsedMs).toBeLessThan(3_000);
    // Answers every 50 ms or so; 500 ms leaves room for a busy CI machine.
    expect(watched.longestGapMs).toBeLessThan(500);
    expect(watched.healthzFailures).toBe(0);
    // The cap is IMPORT_XLSX_MAX_INFLATED_BYTES (100 MB by default): nothing near the gigabyte.
    expect(watched.rssRise).toBeLessThan(400 * 1024 * 1024);
  });

  it('a ZIP64 entry (sizes 0xffffffff) is refused 400, however small the file', async () => {
    const sheet = deflatedEntry('xl/worksheets/sheet1.xml', '<worksheet/>');
    const zip64 = zipOf(workbookEntries(sheet), (record) => record.writeUInt32LE(0xffffffff, 24));

    const answer = await upload('zip64.xlsx', zip64);

    expect(answer.status, answer.text).toBe(400);
    expect(answer.text).toContain('ZIP64');
  });

  it('an archive of more than 1000 parts is refused 413 before anything is inflated', async () => {
    const parts = Array.from({ length: 1001 }, (_, i) => deflatedEntry(`xl/media/part${i}.xml`, '<x/>'));

    const answer = await upload('parts.xlsx', zipOf(parts));

    expect(answer.status, answer.text).toBe(413);
  });

  it('an archive with directory entries, as some ZIP tools write, still imports', async () => {
    const directory = {
      ...deflatedEntry('xl/', ''),
      method: 0 as const,
      data: Buffer.alloc(0),
      compressedSize: 0,
    };
    const sheet = deflatedEntry(
      'xl/worksheets/sheet1.xml',
      `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetRow(1, ['name', 'quantity', 'category', 'price'])}${sheetRow(2, ['Directory entry', '1', 'Dirs', '1'])}</sheetData></worksheet>`,
    );

    const answer = await upload('dirs.xlsx', zipOf([directory, ...workbookEntries(sheet)]));

    expect(answer.status, answer.text).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ total_rows: 1, rejected: 0 });
  });

  it('an honest .xlsx still imports (dry run)', async () => {
    const sheet = honestXlsx([
      ['name', 'quantity', 'category', 'price'],
      ['Zip bomb control', '3', 'Bombs', '1.50'],
    ]);

    const answer = await upload('products.xlsx', sheet);

    expect(answer.status, answer.text).toBe(200);
    expect(JSON.parse(answer.text)).toMatchObject({ total_rows: 1, inserted: 1, rejected: 0 });
  });
});

describe('one huge record', () => {
  const header = 'name,quantity,category,price';
  const millionColumns = `Wide,1,Wide,1${','.repeat(1_000_000)}`;

  it('a CSV row of a million columns is a 400 at its 257th cell, not a million cells held', async () => {
    const answer = await upload('wide.csv', `${header}\n${millionColumns}\n`);

    expect(answer.status, answer.text.slice(0, 300)).toBe(400);
    expect(answer.type).toBe('application/problem+json');
    expect(answer.text).toContain('more than 256 columns');
  });

  it('a .xlsx row of a million columns reads only the first 256 columns', async () => {
    // Empty cells are left out of the XML: the file is small, but the sheet's range spans a million columns.
    const cells = Array.from({ length: 1_000_000 }, (_, i) => ['Wide xlsx', '1', 'Wide', '1'][i] ?? '');
    cells[cells.length - 1] = 'x';
    const sheet = honestXlsx([header.split(','), cells]);

    const watched = await whileWatchingCatalog(() => upload('wide.xlsx', sheet));

    expect(watched.result.status, watched.result.text.slice(0, 300)).toBe(200);
    expect(JSON.parse(watched.result.text)).toMatchObject({ total_rows: 1, inserted: 1, rejected: 0 });
    expect(watched.longestGapMs).toBeLessThan(500);
  });

  it('a .xlsx cell with a malformed reference is a 400, not a 500', async () => {
    const row = sheetRow(2, ['Bad ref', '1', 'Refs', '1'], (column) => (column === 0 ? '-1' : `B${column}`));

    const answer = await upload('refs.xlsx', honestXlsx([header.split(','), row]));

    expect(answer.status, answer.text.slice(0, 300)).toBe(400);
    expect(answer.type).toBe('application/problem+json');
  });
});
