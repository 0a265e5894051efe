// Issue 11's target table for one run: every row of bench/targets.ts with its figure, reference,
// ratio, floor and whether the target is met, from the results the benches of this run wrote. Printed
// by bench/run.ts after the benches and written to bench/results/summary.json; a row whose bench did
// not run (or failed before writing its results) is "not measured".
import { writeFile } from 'node:fs/promises';
import { benchConfig } from './config.js';
import { resultsDir, resultsOf } from './report.js';
import { ORIGINAL, targetRows } from './targets.js';

export interface SummaryRow {
  figure: string;
  bench: string;
  measured: number | null;
  unit: string;
  reference: string | null;
  reference_value: number | null;
  ratio: number | null;
  floor: string | null;
  floor_value: number | null;
  /** The floor to the reference, as the ratio is the measured figure to it. */
  floor_ratio: number | null;
  target: string;
  met: 'yes' | 'no' | 'not measured';
}

/** Two decimals, or two significant digits below 0.1 (a ratio of 0.002 is not 0). */
function round(value: number): number {
  return Math.abs(value) < 0.1 ? Number(value.toPrecision(2)) : Math.round(value * 100) / 100;
}

/** Every row of the table from the results written since `since`. */
export async function summarize(since: Date): Promise<SummaryRow[]> {
  const summary: SummaryRow[] = [];
  for (const row of targetRows) {
    const results = await resultsOf(row.bench, since);
    const base = { figure: row.figure, bench: row.bench, unit: row.unit, target: row.target };
    const reference = row.reference?.label ?? null;
    const floor = row.floor?.label ?? null;
    if (!results) {
      summary.push({
        ...base,
        measured: null,
        reference,
        reference_value: null,
        ratio: null,
        floor,
        floor_value: null,
        floor_ratio: null,
        met: 'not measured',
      });
      continue;
    }
    const measured = row.measured(results);
    const referenceValue = row.reference ? row.reference.value(results) : undefined;
    const ratio = referenceValue ? round(measured / referenceValue) : undefined;
    const floorValue = row.floor ? row.floor.value(results) : undefined;
    summary.push({
      ...base,
      measured,
      reference,
      reference_value: referenceValue ?? null,
      ratio: ratio ?? null,
      floor,
      floor_value: floorValue ?? null,
      floor_ratio: floorValue && referenceValue ? round(floorValue / referenceValue) : null,
      met: row.met(measured, ratio) ? 'yes' : 'no',
    });
  }
  return summary;
}

/** Prints the table and writes bench/results/summary.json. */
export async function reportTargets(since: Date): Promise<SummaryRow[]> {
  const summary = await summarize(since);
  const cells = summary.map((row) => [
    row.figure,
    row.measured === null ? '—' : `${row.measured} ${row.unit}`,
    row.reference === null
      ? '—'
      : `${row.reference}${row.reference_value === null ? '' : `: ${row.reference_value}`}`,
    row.ratio === null ? '—' : String(row.ratio),
    row.target,
    row.met,
    row.floor_value === null
      ? '—'
      : `${row.floor_value} ${row.unit}${row.floor_ratio === null ? '' : ` (${row.floor_ratio})`}`,
  ]);
  const header = ['figure', 'measured', 'reference', 'ratio', 'target', 'met', 'floor (ratio)'];
  const widths = header.map((title, i) =>
    Math.max(title.length, ...cells.map((cell) => (cell[i] as string).length)),
  );
  const line = (cell: string[]) => cell.map((text, i) => text.padEnd(widths[i] as number)).join(' | ');
  console.log(
    `\nIssue 11 targets (BENCH_SCALE=${benchConfig.scale}${benchConfig.scale === 1 ? '' : ', not the reported size'})`,
  );
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('-|-'));
  for (const cell of cells) console.log(line(cell));
  const document = {
    measured_at: new Date().toISOString(),
    scale: benchConfig.scale,
    original: ORIGINAL,
    rows: summary,
  };
  await writeFile(new URL('summary.json', resultsDir), `${JSON.stringify(document, null, 2)}\n`);
  return summary;
}
