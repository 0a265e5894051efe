// The compose test's handle on `docker compose`: its own project name and gateway port, so it never
// touches a developer's `shop` project, and a reader of each replica's /metrics.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One compose project from the repository's docker-compose.yml. */
export interface ComposeProject {
  gatewayUrl: string;
  /** Runs `docker compose <args>` for this project; its stdout. */
  compose(...args: string[]): Promise<string>;
  /** The same with more variables for compose's interpolation (what .env would set). */
  composeWith(env: Record<string, string>, ...args: string[]): Promise<string>;
  /** The ids of a service's running containers, sorted. */
  containers(service: string): Promise<string[]>;
  /** One replica's Prometheus text (`--index` is 1-based), read from inside its container. */
  metricsOf(service: string, index: number): Promise<string>;
}

/** A project named `name` whose gateway listens on localhost:`gatewayPort`. */
export function composeProject(name: string, gatewayPort: number): ComposeProject {
  const composeWith = async (env: Record<string, string>, ...args: string[]) => {
    const { stdout } = await run('docker', ['compose', '-p', name, '-f', 'docker-compose.yml', ...args], {
      env: { ...process.env, GATEWAY_PORT: String(gatewayPort), ...env },
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  };
  const compose = (...args: string[]) => composeWith({}, ...args);
  return {
    gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
    compose,
    composeWith,
    async containers(service) {
      return (await compose('ps', '-q', service)).split('\n').filter(Boolean).sort();
    },
    metricsOf(service, index) {
      const script = `fetch('http://127.0.0.1:' + process.env.PORT + '/metrics').then((r) => r.text()).then((t) => process.stdout.write(t))`;
      return compose('exec', '-T', '--index', String(index), service, 'node', '-e', script);
    },
  };
}

/** The sum of a counter's samples whose labels include `outcome="handled"`. */
export function handledMessages(metrics: string): number {
  return metrics
    .split('\n')
    .filter((line) => line.startsWith('messages_handled_total{') && line.includes('outcome="handled"'))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}
