import { baseConfigSchema, loadConfig } from '@shop/platform';
import { z } from 'zod';

/** What the launcher needs: where the database is and how long the processes may take to be ready. */
export const launcherConfig = loadConfig(
  baseConfigSchema.extend({
    READY_TIMEOUT_MS: z.coerce.number().int().min(1000).default(60_000),
  }),
);

/** The launcher's own environment, handed down to every process it starts. */
export const inheritedEnv: NodeJS.ProcessEnv = process.env;
