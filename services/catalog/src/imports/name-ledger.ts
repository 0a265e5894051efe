import type { Sql } from '@shop/platform';
import { createNameLedger, dropNameLedger, recordNewNames } from '../data/import-names.repository.js';

/** Splits a batch into rows with a name new to the file and rows repeating an earlier one. */
export interface NameLedger {
  keepFirstOfEachName<T>(rows: T[], nameOf: (row: T) => string): Promise<{ kept: T[]; repeated: T[] }>;
  close(): Promise<void>;
}

/**
 * The names an import has accepted so far, kept in a temporary table on a connection of the
 * import's own rather than in memory, so a file of millions of rows costs no more than a batch.
 */
export async function openNameLedger(sql: Sql): Promise<NameLedger> {
  const connection = await sql.reserve();
  await createNameLedger(connection);
  return {
    async keepFirstOfEachName(rows, nameOf) {
      const fresh = await recordNewNames(connection, [
        ...new Set(rows.map((row) => nameOf(row).toLowerCase())),
      ]);
      const kept: typeof rows = [];
      const repeated: typeof rows = [];
      for (const row of rows) {
        const key = nameOf(row).toLowerCase();
        if (fresh.delete(key)) kept.push(row);
        else repeated.push(row);
      }
      return { kept, repeated };
    },
    async close() {
      await dropNameLedger(connection).catch(() => {});
      connection.release();
    },
  };
}
