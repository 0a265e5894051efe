import { fileURLToPath } from 'node:url';
import type { MigrationSource } from '@shop/platform';

/** The outbox, inbox and dead-letter tables, to apply into each service's schema before its own migrations. */
export const messagingMigrations: MigrationSource = {
  name: 'messaging',
  dir: fileURLToPath(new URL('../migrations', import.meta.url)),
};
