/** Where the test infrastructure is expected; the same variables the services read. */
export const testInfraConfig = {
  databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  amqpUrl: process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
};

/** The test runner's own environment, handed down to the processes tests start. */
export const inheritedEnv: NodeJS.ProcessEnv = process.env;
