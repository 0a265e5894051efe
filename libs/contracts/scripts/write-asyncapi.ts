import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAsyncApiDocument } from '../src/index.js';
import { generatedPublicSchemas, schemaFileText, schemasDir } from './public-schema-files.js';

// Resolved from this file, so the script works from any working directory.
const target = fileURLToPath(new URL('../../../docs/asyncapi.json', import.meta.url));

writeFileSync(target, `${JSON.stringify(buildAsyncApiDocument(), null, 2)}\n`);
console.log(`wrote ${target}`);

// The public events' JSON Schemas, for consumers outside Shop (docs/integration.md).
mkdirSync(schemasDir, { recursive: true });
for (const [file, schema] of generatedPublicSchemas()) {
  writeFileSync(join(schemasDir, file), schemaFileText(schema));
  console.log(`wrote ${join(schemasDir, file)}`);
}
