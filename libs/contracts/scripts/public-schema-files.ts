import { fileURLToPath } from 'node:url';
import { publicEventJsonSchema, publicEventTypes, publicSchemaFileName } from '../src/index.js';

/** Where the published JSON Schemas and the last released copies live, from this file. */
export const schemasDir = fileURLToPath(new URL('../../../docs/schemas/', import.meta.url));
export const releasedDir = fileURLToPath(new URL('../../../docs/released/', import.meta.url));

/** Every public event's JSON Schema as the contracts generate it now, by file name. */
export function generatedPublicSchemas(): Map<string, Record<string, unknown>> {
  return new Map(publicEventTypes.map((type) => [publicSchemaFileName(type), publicEventJsonSchema(type)]));
}

/** A schema as written to disk: two-space JSON with a final newline. */
export function schemaFileText(schema: unknown): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
