// Creates the database if missing and each service's role owning its schema, with an admin URL:
//   DATABASE_ADMIN_URL=postgres://postgres@127.0.0.1:5432/shop npx tsx scripts/database/bootstrap.ts
// (compose runs it as the one-shot db-bootstrap service, from dist/db-bootstrap/main.js). Safe to
// run again: it sets each role's password to the configured one, so it also rotates them.
import { bootstrapServiceRoles, loadConfig } from '@shop/platform';
import { z } from 'zod';
import { rolePasswordsSchema, serviceRoles } from './service-roles.js';

const config = loadConfig(rolePasswordsSchema.extend({ DATABASE_ADMIN_URL: z.url() }));
const roles = serviceRoles(config);
await bootstrapServiceRoles(config.DATABASE_ADMIN_URL, roles);
console.log(`database roles ready: ${roles.map(({ role, schema }) => `${role} owns ${schema}`).join(', ')}`);
