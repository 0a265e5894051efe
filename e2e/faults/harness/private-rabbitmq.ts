// A RabbitMQ node of the fault suite's own (shopfault@localhost, its own cookie, mnesia and logs
// under a temp dir, free ports, 127.0.0.1 only, no plugins): scenarios stop, alarm and close it
// without touching the shared node on :5672.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import amqplib from 'amqplib';
import { runCommand } from './run-command.js';

// Debian's wrapper in /usr/sbin switches to the rabbitmq user; the scripts behind it run as anyone.
const SCRIPTS = existsSync('/usr/lib/rabbitmq/bin/rabbitmqctl') ? '/usr/lib/rabbitmq/bin' : '';
const script = (name: string) => (SCRIPTS ? join(SCRIPTS, name) : name);

/** Where the private node lives; plain data, so test files can control it too. */
export interface PrivateRabbitInfo {
  nodeName: string;
  home: string;
  port: number;
  url: string;
}

/** Runs rabbitmqctl against the private node (with its own cookie). */
export function rabbitmqctl(info: PrivateRabbitInfo, args: string[], timeoutMs = 60_000): Promise<string> {
  return runCommand(script('rabbitmqctl'), ['-n', info.nodeName, '-q', ...args], {
    env: { HOME: info.home },
    timeoutMs,
  });
}

/** Starts the node in `baseDir`; resolves once its AMQP listener accepts guest. */
export async function startPrivateRabbit(
  baseDir: string,
  ports: { amqp: number; distribution: number },
): Promise<{ info: PrivateRabbitInfo; process: ChildProcess }> {
  const dir = join(baseDir, 'rabbitmq');
  const home = join(dir, 'home');
  await mkdir(home, { recursive: true });
  const cookie = join(home, '.erlang.cookie');
  await writeFile(cookie, `SHOPFAULT${Date.now()}${Math.random().toString(36).slice(2)}`);
  await chmod(cookie, 0o400);
  await writeFile(
    join(dir, 'rabbitmq.conf'),
    [
      `listeners.tcp.default = 127.0.0.1:${ports.amqp}`,
      'loopback_users.guest = true',
      'disk_free_limit.absolute = 50MB',
      '',
    ].join('\n'),
  );
  await writeFile(join(dir, 'enabled_plugins'), '[].\n');
  await writeFile(join(dir, 'rabbitmq-env.conf'), 'ERL_EPMD_ADDRESS=127.0.0.1\n');
  const info: PrivateRabbitInfo = {
    nodeName: 'shopfault@localhost',
    home,
    port: ports.amqp,
    url: `amqp://guest:guest@127.0.0.1:${ports.amqp}`,
  };
  const child = spawn(script('rabbitmq-server'), [], {
    env: {
      ...process.env,
      HOME: home,
      RABBITMQ_NODENAME: info.nodeName,
      RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
      RABBITMQ_NODE_PORT: String(ports.amqp),
      RABBITMQ_DIST_PORT: String(ports.distribution),
      RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
      RABBITMQ_LOG_BASE: join(dir, 'log'),
      RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
      RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
      RABBITMQ_CONF_ENV_FILE: join(dir, 'rabbitmq-env.conf'),
      RABBITMQ_PID_FILE: join(dir, 'rabbitmq.pid'),
      ERL_FLAGS: '-kernel inet_dist_use_interface {127,0,0,1}',
    },
    stdio: 'ignore',
  });
  await untilBrokerAnswers(info.url, 120_000);
  return { info, process: child };
}

/** Stops the node (tear-down). */
export async function stopPrivateRabbit(info: PrivateRabbitInfo, child: ChildProcess): Promise<void> {
  await rabbitmqctl(info, ['stop'], 30_000).catch(() => {});
  if (child.exitCode === null) child.kill('SIGKILL');
}

/** Resolves once an AMQP connection to `url` opens; fails after `timeoutMs`. */
export async function untilBrokerAnswers(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const connection = await amqplib.connect(url, { timeout: 2000 });
      await connection.close();
      return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`RabbitMQ at ${url} did not answer within ${timeoutMs} ms: ${error}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
