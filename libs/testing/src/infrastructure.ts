import amqplib from 'amqplib';
import postgres from 'postgres';
import { testInfraConfig } from './config.js';

export interface Infrastructure {
  databaseUrl: string;
  amqpUrl: string;
  /** Stops containers this run started (nothing for local services). */
  stop(): Promise<void>;
}

const HOW_TO_START = `Integration tests need PostgreSQL and RabbitMQ.
Either start them locally (PostgreSQL on 127.0.0.1:5432 with trust auth for "postgres", RabbitMQ on
127.0.0.1:5672 with guest/guest), e.g. on Debian:
  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
  rabbitmq-server -detached
or point DATABASE_URL / AMQP_URL at running ones, or start a Docker engine so testcontainers can.`;

/**
 * Finds a real PostgreSQL and RabbitMQ: the configured URLs when both answer, else containers
 * when a Docker engine is there, else fails saying how to start them.
 */
export async function resolveInfrastructure(): Promise<Infrastructure> {
  const { databaseUrl, amqpUrl } = testInfraConfig;
  const [databaseUp, brokerUp] = await Promise.all([databaseAnswers(databaseUrl), brokerAnswers(amqpUrl)]);
  if (databaseUp && brokerUp) return { databaseUrl, amqpUrl, stop: async () => {} };
  if (await dockerAnswers()) return startContainers();
  const missing = [!databaseUp && `PostgreSQL (${databaseUrl})`, !brokerUp && `RabbitMQ (${amqpUrl})`].filter(
    Boolean,
  );
  throw new Error(`Not reachable: ${missing.join(', ')}; no Docker engine either.\n${HOW_TO_START}`);
}

async function databaseAnswers(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

async function brokerAnswers(url: string): Promise<boolean> {
  try {
    const connection = await amqplib.connect(url, { timeout: 3000 });
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

async function dockerAnswers(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

async function startContainers(): Promise<Infrastructure> {
  const [{ PostgreSqlContainer }, { RabbitMQContainer }] = await Promise.all([
    import('@testcontainers/postgresql'),
    import('@testcontainers/rabbitmq'),
  ]);
  const [database, broker] = await Promise.all([
    new PostgreSqlContainer('postgres:15-alpine').withUsername('postgres').withPassword('postgres').start(),
    new RabbitMQContainer('rabbitmq:3.13-alpine').start(),
  ]);
  return {
    databaseUrl: database.getConnectionUri(),
    amqpUrl: broker.getAmqpUrl(),
    stop: async () => {
      await Promise.all([database.stop(), broker.stop()]);
    },
  };
}
