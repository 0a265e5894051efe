import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTsProcess, useTestEnvironment } from '@shop/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSql, MigrationChecksumError, type MigrationSource, migrate, type Sql } from '../src/index.js';

const migrateProcess = fileURLToPath(new URL('./fixtures/migrate-process.ts', import.meta.url));
const env = useTestEnvironment();

describe('migrate', () => {
  let sql: Sql;
  const folders: string[] = [];

  beforeAll(() => {
    sql = createSql(env.databaseUrl, { schema: 'public', max: 2 });
  });

  afterEach(async () => {
    await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  afterAll(async () => {
    await sql?.end();
  });

  /** A migration folder of its own for one test, written from `files` (name → SQL). */
  async function migrationFolder(name: string, files: Record<string, string>): Promise<MigrationSource> {
    const dir = await mkdtemp(join(tmpdir(), 'platform-migrations-'));
    folders.push(dir);
    await writeMigrations(dir, files);
    return { name, dir };
  }

  async function writeMigrations(dir: string, files: Record<string, string>): Promise<void> {
    await Promise.all(Object.entries(files).map(([file, text]) => writeFile(join(dir, file), text)));
  }

  async function appliedIds(schema: string): Promise<string[]> {
    const rows = await sql<{ id: string }[]>`select id from ${sql(schema)}.schema_migrations order by id`;
    return rows.map((row) => row.id);
  }

  it('two processes migrating at once apply each migration once', async () => {
    const replicas = [startTsProcess(migrateProcess, env.env), startTsProcess(migrateProcess, env.env)];

    const exitCodes = await Promise.all(replicas.map((replica) => replica.exited));

    expect(exitCodes, replicas.map((replica) => replica.output()).join('\n---\n')).toEqual([0, 0]);
    const appliedByEach = replicas.map((replica) =>
      JSON.parse(/applied (.*)/.exec(replica.output())?.[1] ?? 'null'),
    );
    expect(appliedByEach.flat().sort()).toEqual(['demo/0001_widgets.sql', 'demo/0002_widget_colour.sql']);
    const log =
      await sql`select file, count(*)::int as runs from demo.migration_log group by file order by file`;
    expect(log).toEqual([
      { file: '0001_widgets.sql', runs: 1 },
      { file: '0002_widget_colour.sql', runs: 1 },
    ]);
    expect(await appliedIds('demo')).toEqual(['demo/0001_widgets.sql', 'demo/0002_widget_colour.sql']);
  });

  it('an applied migration that was edited stops start-up', async () => {
    const source = await migrationFolder('shop', {
      '0001_items.sql': 'create table items (id int primary key);',
    });
    await migrate(sql, { schema: 'edited', sources: [source] });
    const [original] = await sql`select checksum from edited.schema_migrations`;
    await writeMigrations(source.dir, {
      '0001_items.sql': 'create table items (id int primary key, note text);',
      '0002_more_items.sql': 'create table more_items (id int primary key);',
    });

    const failure = await migrate(sql, { schema: 'edited', sources: [source] }).catch(
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(MigrationChecksumError);
    expect((failure as Error).message).toContain('shop/0001_items.sql');
    expect(await sql`select checksum from edited.schema_migrations`).toEqual([original]);
    const [tables] = await sql`
      select to_regclass('edited.more_items') as more_items,
             exists (select from information_schema.columns
                     where table_schema = 'edited' and table_name = 'items' and column_name = 'note') as note_added`;
    expect(tables).toEqual({ more_items: null, note_added: false });
  });

  it('a new file is applied on the next start and old ones are skipped', async () => {
    const source = await migrationFolder('notes', {
      '0001_notes.sql': `create table notes (body text not null);
                         insert into notes (body) values ('from 0001');`,
    });
    const firstStart = await migrate(sql, { schema: 'incremental', sources: [source] });
    await writeMigrations(source.dir, {
      '0002_second_note.sql': `insert into notes (body) values ('from 0002');`,
    });

    const secondStart = await migrate(sql, { schema: 'incremental', sources: [source] });
    const thirdStart = await migrate(sql, { schema: 'incremental', sources: [source] });

    expect(firstStart).toEqual(['notes/0001_notes.sql']);
    expect(secondStart).toEqual(['notes/0002_second_note.sql']);
    expect(thirdStart).toEqual([]);
    const notes = await sql`select body from incremental.notes order by body`;
    expect(notes.map((note) => note.body)).toEqual(['from 0001', 'from 0002']);
    expect(await appliedIds('incremental')).toEqual(['notes/0001_notes.sql', 'notes/0002_second_note.sql']);
  });
});
