// docs/events.md is the event catalogue written for readers; this keeps it true to the contracts: every
// event type in the summary with exactly its producers and consumers, and a section naming every field.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { type EventType, events, producersOf } from '../src/index.js';

const catalogue = await readFile(new URL('../../../docs/events.md', import.meta.url), 'utf8');

/** The summary table's rows: `| \`type\` | producers | consumers | purpose |`. */
function summaryRows(): Map<string, { producers: string[]; consumers: string[] }> {
  const rows = new Map<string, { producers: string[]; consumers: string[] }>();
  for (const [, type, producers, consumers] of catalogue.matchAll(
    /^\| `([a-z.-]+)` \| ([^|]+) \| ([^|]+) \|/gm,
  )) {
    const names = (cell: string) =>
      cell
        .split(',')
        .map((name) => name.trim())
        .sort();
    rows.set(type as string, {
      producers: names(producers as string),
      consumers: names(consumers as string),
    });
  }
  return rows;
}

/** The text of an event's own section, from its `### \`type\`` heading to the next heading. */
function sectionOf(type: string): string {
  const start = catalogue.indexOf(`### \`${type}\``);
  if (start < 0) return '';
  const body = catalogue.indexOf('\n', start) + 1;
  const next = catalogue.slice(body).search(/^#{2,3} /m);
  return catalogue.slice(start, next < 0 ? undefined : body + next);
}

const types = Object.keys(events) as EventType[];

describe('docs/events.md', () => {
  it('lists every event type once in its summary, with exactly its producers and consumers', () => {
    const rows = summaryRows();

    expect([...rows.keys()].sort()).toEqual([...types].sort());
    for (const type of types) {
      expect(rows.get(type), type).toEqual({
        producers: producersOf(events[type]).sort(),
        consumers: [...events[type].consumers].sort(),
      });
    }
  });

  it.each(types)('describes every data field of %s in its section', (type) => {
    const section = sectionOf(type);
    const fields = Object.keys((events[type].data as z.ZodObject).shape);

    expect(section, `a section for ${type}`).not.toBe('');
    for (const field of fields) expect(section, `${type}.${field}`).toContain(`| \`${field}\` |`);
  });
});
