// Runs every bench/*.bench.ts in its own process, one after another, so they never compete for the two cores.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv[2];
const files = readdirSync(dir).filter((file) => file.endsWith('.bench.ts') && (!only || file.includes(only)));

let failed = false;
for (const file of files.sort()) {
  console.log(`\n▶ ${file}`);
  const { status } = spawnSync(process.execPath, ['--import', 'tsx', `${dir}${file}`], { stdio: 'inherit' });
  if (status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
