import { existsSync } from 'node:fs';
import { baseConfigSchema, loadConfig } from '@shop/platform';
import { z } from 'zod';

// A .env next to package.json (see .env.example) configures every process npm start runs;
// variables already set in the shell win.
if (existsSync('.env')) process.loadEnvFile('.env');

/** What the launcher needs: the database, the gateway's port, how long the processes may take to be ready. */
export const launcherConfig = loadConfig(
  baseConfigSchema.extend({
    GATEWAY_PORT: z.coerce.number().int().min(1).max(65_535).default(8080),
    READY_TIMEOUT_MS: z.coerce.number().int().min(1000).default(60_000),
  }),
);

/** The launcher's own environment, handed down to every process it starts. */
export const inheritedEnv: NodeJS.ProcessEnv = process.env;
