/** A process `npm start` runs: its TypeScript entry point and the port it listens on. */
export interface ServiceEntry {
  name: string;
  entry: string;
  port: number;
  /** The one process whose URL the banner shows (the gateway). */
  public?: boolean;
}

/**
 * Every process of the system, started together; a service plugs in with one line, e.g.
 * `{ name: 'auth', entry: 'services/auth/src/main.ts', port: 8081 }`.
 */
export const serviceEntries: ServiceEntry[] = [];
