import { baseConfigSchema, createLogger, loadConfig } from '@shop/platform';
import { useTestEnvironment, waitFor } from '@shop/testing';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { startService } from '../src/index.js';

const env = useTestEnvironment();
const logger = createLogger({ service: 'analytics', level: 'silent', format: 'json' });
const migrations = new URL('./fixtures/migrations', import.meta.url);

function kitConfig() {
  return loadConfig(baseConfigSchema, { ...env.env, HOST: '127.0.0.1' });
}

/** Connections to the test database from pools bound to `schema` (their application name). */
async function connectionsOf(schema: string): Promise<number> {
  const admin = postgres(env.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await admin<{ count: number }[]>`
      select count(*)::int as count from pg_stat_activity
      where datname = current_database() and application_name = ${schema}`;
    return row?.count ?? 0;
  } finally {
    await admin.end();
  }
}

describe('startService', () => {
  it('when the composition fails after opening the database and the broker, rejects with that failure and closes both', async () => {
    const failure = new Error('the service could not start');
    const started = startService(
      { name: 'analytics', config: kitConfig(), port: 0, deps: { logger } },
      async (kit) => {
        const sql = await kit.openDatabase('kit_failed_start', migrations);
        await sql`select 1`;
        const broker = await kit.connectBroker();
        expect(broker.isConnected()).toBe(true);
        throw failure;
      },
    );

    await expect(started).rejects.toBe(failure);
    await waitFor(() => connectionsOf('kit_failed_start'), {
      until: (count) => count === 0,
      what: 'the pool closed',
    });
  });

  it('serves the app with a readiness check per opened part, and stops work before HTTP, HTTP, then the parts in reverse', async () => {
    const stopped: string[] = [];
    const service = await startService(
      { name: 'analytics', config: kitConfig(), port: 0, deps: { logger } },
      async (kit) => {
        const sql = await kit.openDatabase('kit_stop_order', migrations);
        kit.onStop('first part', () => {
          stopped.push('first part');
        });
        kit.onStop('second part', () => {
          stopped.push('second part');
        });
        kit.onStopBeforeHttp('running work', () => {
          stopped.push('running work');
        });
        const app = kit.createApp();
        app.get('/notes', async (c) => c.json(await sql`select count(*)::int as count from notes`));
        return app;
      },
    );
    const origin = `http://127.0.0.1:${service.port}`;

    const ready = await fetch(`${origin}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: true } });
    expect(await (await fetch(`${origin}/notes`)).json()).toEqual([{ count: 0 }]);

    await service.stop();

    expect(stopped).toEqual(['running work', 'second part', 'first part']);
    await expect(fetch(`${origin}/healthz`)).rejects.toThrow();
    expect(await connectionsOf('kit_stop_order')).toBe(0);
  });
});
