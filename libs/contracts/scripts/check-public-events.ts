// `npm run lint:events`: the public events' JSON Schemas in docs/schemas are the generated ones, and
// none breaks the last released copy in docs/released (the versioning policy, docs/integration.md).
// `--released <dir>` reads the released copies elsewhere (tests).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generatedPublicSchemas, releasedDir, schemaFileText, schemasDir } from './public-schema-files.js';
import { breakingChanges, type SchemaNode } from './schema-compatibility.js';

const { values } = parseArgs({ options: { released: { type: 'string', default: releasedDir } } });
const released = values.released ?? releasedDir;
const generated = generatedPublicSchemas();
const problems: string[] = [];

for (const [file, schema] of generated) {
  const path = join(schemasDir, file);
  if (!existsSync(path) || readFileSync(path, 'utf8') !== schemaFileText(schema))
    problems.push(`docs/schemas/${file} is not the generated schema: run npm run asyncapi`);
}

for (const file of readdirSync(released).filter((name) => name.endsWith('.json'))) {
  const current = generated.get(file);
  if (!current) {
    problems.push(
      `${file} was released but is no longer generated: a released version stays published until its deprecation window ends`,
    );
    continue;
  }
  const before = JSON.parse(readFileSync(join(released, file), 'utf8')) as SchemaNode;
  for (const change of breakingChanges(before, current as SchemaNode))
    problems.push(`${file}: breaking change ${change}`);
}

if (problems.length > 0) {
  console.error(`public events: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join('\n')}`);
  console.error('A breaking change is published as a new version beside the old one (docs/integration.md).');
  process.exit(1);
}
console.log(`public events: ${generated.size} schemas generated, compatible with ${released}`);
