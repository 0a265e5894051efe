import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Stack } from './stack.js';

/** Where `npm run test:faults` leaves its figures (gitignored), for the README's table. */
export const RESULTS_DIR = join(process.cwd(), 'test-results', 'faults');

/** Writes one JSON file of figures under test-results/faults/. */
export async function writeResult(name: string, figures: unknown): Promise<void> {
  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(join(RESULTS_DIR, `${name}.json`), `${JSON.stringify(figures, null, 2)}\n`);
}

/** A scenario that failed leaves each process's last output next to the figures. */
export async function writeOutputs(scenario: string, stack: Stack): Promise<void> {
  await mkdir(RESULTS_DIR, { recursive: true });
  const outputs = stack.all().map((process) => `── ${process.name} ──\n${process.output()}`);
  const file = join(RESULTS_DIR, `${scenario.replace(/[^a-z0-9]+/gi, '-')}.log`);
  await writeFile(file, `${outputs.join('\n')}\n`);
  console.log(`[faults] ${scenario}: failed; the processes' output is in ${file}`);
}

/** What a scenario measured. */
export interface ScenarioFigures {
  scenario: string;
  /** From the end of the fault until the audit's conditions all held; null if they never did. */
  recoveryMs: number | null;
  ordersAccepted: number;
  ordersExecuted: number;
  ordersRejected: number;
  deadLetters: number;
  [more: string]: unknown;
}

/** Collects a file's scenario figures, prints each, and writes them all when the file ends. */
export class ScenarioLog {
  private readonly figures: ScenarioFigures[] = [];

  constructor(private readonly file: string) {}

  record(figures: ScenarioFigures): void {
    this.figures.push(figures);
    const recovery = figures.recoveryMs === null ? 'never' : `${figures.recoveryMs} ms`;
    console.log(
      `[faults] ${figures.scenario}: recovered in ${recovery}, ${figures.ordersExecuted} executed / ${figures.ordersAccepted} accepted, ${figures.deadLetters} dead letter(s)`,
    );
  }

  write(): Promise<void> {
    return writeResult(this.file, this.figures);
  }
}
