import type { Logger } from 'pino';
import type { Test } from 'tap';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { mountSandbox } from '../../src/sandbox/mount.js';
import { watchContract } from './contract-hook.js';

/** API_KEYS wants at least 32 characters; the test key is named so that what it does is recorded as `tester` */
export const TEST_API_KEY = 'test-api-key-0123456789abcdefghijklmn';
export const TEST_ACTOR = 'tester';

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ LOG_LEVEL: 'silent', RECONCILE_INTERVAL_MS: '0', API_KEYS: `${TEST_ACTOR}:${TEST_API_KEY}`, ...env });
}

export interface TestAppOptions {
  /** mount the simulator on the app, as `npm start` does in sandbox mode */
  sandbox?: boolean;
  logger?: Logger;
  /** default: any free one */
  port?: number;
  /** default: 127.0.0.1 (`::` to take IPv4 clients as IPv4-mapped addresses) */
  host?: string;
}

/**
 * The app on a loopback port, closed when the test ends. Every answer it sends is checked against openapi.yaml: one
 * that breaks it fails `t` (test/helpers/contract-hook.ts), whichever helper, client or browser asked.
 */
export async function startTestApp(
  t: Test,
  database: DatabaseHandle,
  config: Config = testConfig(),
  options: TestAppOptions = {},
): Promise<{ app: App; url: string }> {
  const app = await buildApp({ config, database, logger: options.logger });
  watchContract(app, (problem) => t.fail(`contract: ${problem}`));
  t.teardown(() => app.close());
  if (options.sandbox) await mountSandbox(app, { database, config });
  const url = await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  return { app, url };
}
