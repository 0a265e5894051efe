// Validation with the schemas Shop publishes (docs/integration.md), fetched from the gateway's
// /docs/schemas/ or read from a folder, compiled by Ajv (JSON Schema draft 2020-12).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

export const consumedTypes = ['order.executed', 'order.cancelled'] as const;
export type ConsumedType = (typeof consumedTypes)[number];

/** One validator per consumed type, from `<type>.v1.json` at `source` (a URL or a folder). */
export async function loadValidators(source: string): Promise<Map<string, ValidateFunction>> {
  const ajv = new Ajv2020({ allErrors: true });
  addFormats.default(ajv);
  const validators = new Map<string, ValidateFunction>();
  for (const type of consumedTypes)
    validators.set(type, ajv.compile(await readSchema(source, `${type}.v1.json`)));
  return validators;
}

async function readSchema(source: string, file: string): Promise<object> {
  if (/^https?:/.test(source)) {
    const response = await fetch(new URL(file, source.endsWith('/') ? source : `${source}/`));
    if (!response.ok) throw new Error(`schema ${file}: ${response.status} from ${source}`);
    return (await response.json()) as object;
  }
  return JSON.parse(await readFile(join(source, file), 'utf8')) as object;
}
