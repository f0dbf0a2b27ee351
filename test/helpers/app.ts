import type { Test } from 'tap';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/connect.js';

/** API_KEYS wants at least 32 characters; the test key is named so that what it does is recorded as `tester` */
export const TEST_API_KEY = 'test-api-key-0123456789abcdefghijklmn';
export const TEST_ACTOR = 'tester';

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ LOG_LEVEL: 'silent', RECONCILE_INTERVAL_MS: '0', API_KEYS: `${TEST_ACTOR}:${TEST_API_KEY}`, ...env });
}

/** The app on an ephemeral loopback port, closed when the test ends. */
export async function startTestApp(
  t: Test,
  database: DatabaseHandle,
  config: Config = testConfig(),
): Promise<{ app: App; url: string }> {
  const app = await buildApp({ config, database });
  t.teardown(() => app.close());
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url };
}
