/** A JSON Schema node as zod's toJSONSchema writes them (objects, arrays, scalars, const, enum). */
export type SchemaNode = {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  format?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
};

/**
 * The breaking changes from a released schema of a public event to the current one, one line
 * each (empty: compatible). Breaking: a field removed or renamed, a required field made optional,
 * a new required field (messages already in the stream lack it), another type, format or const, an
 * enum value dropped. Additive (allowed): a new optional field, an enum value added, a
 * changed description or bound.
 */
export function breakingChanges(released: SchemaNode, current: SchemaNode, path = '$'): string[] {
  const changes: string[] = [];
  if (!sameJson(typesOf(released), typesOf(current)))
    changes.push(`${path}: type ${describe(typesOf(released))} became ${describe(typesOf(current))}`);
  if (released.format !== current.format)
    changes.push(`${path}: format ${describe(released.format)} became ${describe(current.format)}`);
  if (!sameJson(released.const, current.const))
    changes.push(`${path}: const ${describe(released.const)} became ${describe(current.const)}`);
  for (const value of released.enum ?? []) {
    if (!current.enum?.some((candidate) => sameJson(candidate, value)))
      changes.push(`${path}: enum value ${describe(value)} removed`);
  }
  changes.push(...propertyChanges(released, current, path));
  if (released.items && current.items)
    changes.push(...breakingChanges(released.items, current.items, `${path}[]`));
  return changes;
}

function propertyChanges(released: SchemaNode, current: SchemaNode, path: string): string[] {
  const changes: string[] = [];
  const wasRequired = new Set(released.required ?? []);
  const isRequired = new Set(current.required ?? []);
  for (const [name, field] of Object.entries(released.properties ?? {})) {
    const now = current.properties?.[name];
    if (!now) {
      changes.push(`${path}.${name}: removed`);
      continue;
    }
    if (wasRequired.has(name) && !isRequired.has(name)) changes.push(`${path}.${name}: no longer required`);
    changes.push(...breakingChanges(field, now, `${path}.${name}`));
  }
  for (const name of isRequired) {
    if (!wasRequired.has(name) && released.properties?.[name] === undefined)
      changes.push(`${path}.${name}: new required field`);
    else if (!wasRequired.has(name)) changes.push(`${path}.${name}: became required`);
  }
  return changes;
}

function typesOf(node: SchemaNode): string[] | undefined {
  if (node.type === undefined) return undefined;
  return (Array.isArray(node.type) ? [...node.type] : [node.type]).sort();
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function describe(value: unknown): string {
  return value === undefined ? 'none' : JSON.stringify(value);
}
