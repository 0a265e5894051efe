import { existsSync } from 'node:fs';
import { baseConfigSchema, loadConfig } from '@shop/platform';
import { z } from 'zod';
import { rolePasswordsSchema } from './database/service-roles.js';

// A .env next to package.json (see .env.example) configures every process npm start runs;
// variables already set in the shell win.
if (existsSync('.env')) process.loadEnvFile('.env');

/**
 * What the launcher needs: the database (DATABASE_URL with an admin role: it creates each service's
 * role, see scripts/database), the gateway's port, how long the processes may take to be ready.
 */
export const launcherConfig = loadConfig(
  baseConfigSchema.extend(rolePasswordsSchema.shape).extend({
    GATEWAY_PORT: z.coerce.number().int().min(1).max(65_535).default(8080),
    READY_TIMEOUT_MS: z.coerce.number().int().min(1000).default(60_000),
  }),
);

/** Auth's secrets: its signing key and the first admin's password, which no other process needs. */
const authOnlySettings = ['JWT_PRIVATE_KEY', 'ADMIN_PASSWORD'];

/** The launcher's own environment, handed down to every process it starts, less auth's secrets. */
export const inheritedEnv: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !authOnlySettings.includes(name)),
);

/** Auth's secrets as the launcher's environment sets them: handed to auth alone (see services.ts). */
export const authSecrets: Record<string, string> = Object.fromEntries(
  authOnlySettings.flatMap((name) => {
    const value = process.env[name];
    return value === undefined ? [] : [[name, value]];
  }),
);
