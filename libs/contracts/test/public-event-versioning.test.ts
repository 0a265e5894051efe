// The versioning policy of the public events (docs/integration.md): `npm run lint:events` refuses a
// breaking change against the released copies in docs/released; additive changes pass.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { breakingChanges, type SchemaNode } from '../scripts/schema-compatibility.js';
import { envelopeSchemaFor, events, publicEventJsonSchema } from '../src/index.js';

const checkScript = fileURLToPath(new URL('../scripts/check-public-events.ts', import.meta.url));
const releasedDir = fileURLToPath(new URL('../../../docs/released/', import.meta.url));
const releasedOrderExecuted = JSON.parse(
  readFileSync(join(releasedDir, 'order.executed.v1.json'), 'utf8'),
) as SchemaNode;

/** The schema order.executed would have with `data` changed as given. */
function orderExecutedWith(data: z.ZodType): SchemaNode {
  return z.toJSONSchema(envelopeSchemaFor({ ...events['order.executed'], data })) as SchemaNode;
}

async function runCheck(released: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', checkScript, '--released', released],
      { timeout: 30_000 },
    );
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, output: failed.stderr };
  }
}

describe('breaking changes of a public event', () => {
  it('none between the released order.executed and the one generated now', () => {
    expect(
      breakingChanges(releasedOrderExecuted, publicEventJsonSchema('order.executed') as SchemaNode),
    ).toEqual([]);
  });

  it('a required field removed from order.executed is one', () => {
    const withoutTotal = orderExecutedWith(events['order.executed'].data.omit({ total: true }));
    expect(breakingChanges(releasedOrderExecuted, withoutTotal)).toEqual(['$.data.total: removed']);
  });

  it('a required field made optional, a new required field and a retyped field are; a new optional one is not', () => {
    const data = events['order.executed'].data;
    expect(breakingChanges(releasedOrderExecuted, orderExecutedWith(data.partial({ total: true })))).toEqual([
      '$.data.total: no longer required',
    ]);
    expect(
      breakingChanges(releasedOrderExecuted, orderExecutedWith(data.extend({ currency: z.string() }))),
    ).toEqual(['$.data.currency: new required field']);
    expect(
      breakingChanges(releasedOrderExecuted, orderExecutedWith(data.extend({ total: z.string() }))),
    ).toEqual(['$.data.total: type ["number"] became ["string"]']);
    expect(
      breakingChanges(
        releasedOrderExecuted,
        orderExecutedWith(data.extend({ currency: z.string().optional() })),
      ),
    ).toEqual([]);
  });
});

describe('npm run lint:events', () => {
  it('passes on the tree as committed', async () => {
    const { code, output } = await runCheck(releasedDir);
    expect(output).toContain('5 schemas generated');
    expect(code).toBe(0);
  });

  it('fails, naming the field, when order.executed lost a required field since its release', async () => {
    // The released copy had a required `discount` the contracts no longer generate: as if it was removed.
    const released = mkdtempSync(join(tmpdir(), 'shop-released-'));
    cpSync(releasedDir, released, { recursive: true });
    const data = releasedOrderExecuted.properties?.data as SchemaNode;
    const withDiscount = {
      ...releasedOrderExecuted,
      properties: {
        ...releasedOrderExecuted.properties,
        data: {
          ...data,
          properties: { ...data.properties, discount: { type: 'number' } },
          required: [...(data.required ?? []), 'discount'],
        },
      },
    };
    writeFileSync(join(released, 'order.executed.v1.json'), JSON.stringify(withDiscount));
    const { code, output } = await runCheck(released);
    expect(code).toBe(1);
    expect(output).toContain('order.executed.v1.json: breaking change $.data.discount: removed');
  });
});
