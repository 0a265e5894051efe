import type { ServiceRole } from '@shop/platform';
import { z } from 'zod';

/** Each service with a database, the schema it owns and the extensions its migrations use. */
const serviceSchemas = {
  auth: { schema: 'auth' },
  catalog: { schema: 'catalog', extensions: ['pg_trgm'] },
  order: { schema: 'orders' },
  analytics: { schema: 'analytics' },
} as const satisfies Record<string, { schema: string; extensions?: string[] }>;

export type DatabaseService = keyof typeof serviceSchemas;

/** <SERVICE>_DATABASE_PASSWORD settings: each role's password, a development one unless set. */
export const rolePasswordsSchema = z.object({
  AUTH_DATABASE_PASSWORD: z.string().min(8).default('auth-development-password'),
  CATALOG_DATABASE_PASSWORD: z.string().min(8).default('catalog-development-password'),
  ORDER_DATABASE_PASSWORD: z.string().min(8).default('order-development-password'),
  ANALYTICS_DATABASE_PASSWORD: z.string().min(8).default('analytics-development-password'),
});

export type RolePasswords = z.infer<typeof rolePasswordsSchema>;

/** The role a service logs in as: shop_<service>, owning only its schema. */
export function serviceRole(service: DatabaseService, passwords: RolePasswords): ServiceRole {
  const setting = `${service.toUpperCase()}_DATABASE_PASSWORD` as keyof RolePasswords;
  const { schema, ...rest } = serviceSchemas[service];
  const extensions = 'extensions' in rest ? [...rest.extensions] : [];
  return { role: `shop_${service}`, password: passwords[setting], schema, extensions };
}

/** Every service's role. */
export function serviceRoles(passwords: RolePasswords): ServiceRole[] {
  return (Object.keys(serviceSchemas) as DatabaseService[]).map((service) => serviceRole(service, passwords));
}
