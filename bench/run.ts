// Runs every bench/*.bench.ts in its own process, one after another, so they never compete for the
// two cores (`npm run bench <name>` runs those whose file name contains <name>), then prints issue
// 11's target table from the results this run wrote (bench/target-table.ts → results/summary.json) and the
// capacity plan (bench/capacity.ts → results/capacity.json).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { reportCapacity } from './capacity.js';
import { reportTargets } from './target-table.js';

const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv[2];
const files = readdirSync(dir).filter((file) => file.endsWith('.bench.ts') && (!only || file.includes(only)));

const started = new Date();
let failed = false;
for (const file of files.sort()) {
  console.log(`\n▶ ${file}`);
  const { status } = spawnSync(process.execPath, ['--import', 'tsx', `${dir}${file}`], { stdio: 'inherit' });
  if (status !== 0) failed = true;
}
await reportTargets(started);
await reportCapacity(started);
process.exit(failed ? 1 : 0);
