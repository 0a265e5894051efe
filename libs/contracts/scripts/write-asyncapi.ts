import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildAsyncApiDocument } from '../src/index.js';

// Resolved from this file, so the script works from any working directory.
const target = fileURLToPath(new URL('../../../docs/asyncapi.json', import.meta.url));

writeFileSync(target, `${JSON.stringify(buildAsyncApiDocument(), null, 2)}\n`);
console.log(`wrote ${target}`);
