import { urlForRole } from '@shop/platform';
import { authSecrets, launcherConfig } from './config.js';
import { type DatabaseService, serviceRole } from './database/service-roles.js';

/** A process `npm start` runs: its TypeScript entry point, the port it listens on, its own settings. */
export interface ServiceEntry {
  name: string;
  entry: string;
  port: number;
  env?: Record<string, string>;
  /** The one process whose URL the banner shows (the gateway). */
  public?: boolean;
}

// Behind the gateway, the services listen on this host only: nothing else can reach them directly.
const internal = { HOST: '127.0.0.1' };

/** Each service connects as its own role, owning only its schema (start.ts creates the roles). */
function ownDatabase(service: DatabaseService): { DATABASE_URL: string } {
  return { DATABASE_URL: urlForRole(launcherConfig.DATABASE_URL, serviceRole(service, launcherConfig)) };
}

/** The services, started together; a new one plugs in with one line. */
const services: ServiceEntry[] = [
  {
    name: 'auth',
    entry: 'services/auth/src/main.ts',
    port: 8081,
    env: { ...internal, ...authSecrets, ...ownDatabase('auth') },
  },
  {
    name: 'catalog',
    entry: 'services/catalog/src/main.ts',
    port: 8082,
    env: { ...internal, ...ownDatabase('catalog') },
  },
  {
    name: 'order',
    entry: 'services/order/src/main.ts',
    port: 8083,
    env: { ...internal, ...ownDatabase('order') },
  },
  {
    name: 'analytics',
    entry: 'services/analytics/src/main.ts',
    port: 8084,
    env: { ...internal, ...ownDatabase('analytics') },
  },
];

/** Every process of the system: the services and, in front, the gateway routing to them. */
export const serviceEntries: ServiceEntry[] = [
  ...services,
  {
    name: 'gateway',
    entry: 'gateway/src/main.ts',
    port: launcherConfig.GATEWAY_PORT,
    env: {
      GATEWAY_PORT: String(launcherConfig.GATEWAY_PORT),
      UPSTREAMS: services.map((s) => s.name).join(','),
    },
    public: true,
  },
];
