// `npm run sandbox -- --port N`: the i'mport and PortOne V2 simulators alone, for teams pointing their own code at them.
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { SANDBOX_CREDENTIALS } from '../config.js';
import { connectDatabase } from '../db/connect.js';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { sandboxPlugin } from './plugin.js';
import { PORTONE_SANDBOX } from './portone/credentials.js';
import { portOneSandboxPlugin } from './portone/plugin.js';

const { values } = parseArgs({ options: { port: { type: 'string', default: '3100' }, host: { type: 'string', default: '127.0.0.1' } } });
const embedded = process.env.DATABASE_URL
  ? undefined
  : await startEmbeddedPostgres({ dataDir: `${process.env.DATA_DIR ?? './.data'}/sandbox`, persistent: true });
const database = connectDatabase(process.env.DATABASE_URL ?? embedded!.url);
const app = Fastify({ logger: { level: process.env.LOG_LEVEL ?? 'warn' } });
await app.register(sandboxPlugin, {
  prefix: '/sandbox/iamport',
  db: database.db,
  credentials: SANDBOX_CREDENTIALS,
  webhookUrl: process.env.SANDBOX_WEBHOOK_URL,
});
await app.register(portOneSandboxPlugin, { prefix: '/sandbox/portone', db: database.db, webhookUrl: process.env.SANDBOX_PORTONE_WEBHOOK_URL });
const address = await app.listen({ port: Number(values.port), host: values.host });
process.stdout.write(
  `i'mport sandbox at ${address}/sandbox/iamport  (imp_key=${SANDBOX_CREDENTIALS.apiKey} imp_secret=${SANDBOX_CREDENTIALS.apiSecret})\n` +
    `PortOne V2 sandbox at ${address}/sandbox/portone  (API secret=${PORTONE_SANDBOX.apiSecret} storeId=${PORTONE_SANDBOX.storeId} ` +
    `test channelKey=${PORTONE_SANDBOX.testChannelKey} webhook secret=${PORTONE_SANDBOX.webhookSecret})\n`,
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await app.close();
    await database.close();
    await embedded?.stop();
    process.exit(0);
  });
}
