import t from 'tap';
import { ConfigError, loadConfig } from '../src/config.js';

t.test('defaults follow API.md and mean sandbox mode', async (t) => {
  const config = loadConfig({});
  t.equal(config.port, 3000);
  t.equal(config.host, '127.0.0.1');
  t.equal(config.dataDir, './.data');
  t.equal(config.mode, 'sandbox');
  t.equal(config.iamport.apiUrl, 'http://127.0.0.1:3000/sandbox/iamport');
  t.equal(config.publicBaseUrl, 'http://127.0.0.1:3000');
  t.equal(config.reconcileIntervalMs, 60000);
  t.equal(config.reconcileMinAgeMs, 30000);
  t.equal(config.publicRateLimit, 600);
  t.equal(config.autoCancelForgery, true);
  t.equal(config.webhookAllowedIps, undefined);
  t.equal(config.eventWebhook, undefined);
  t.equal(config.logLevel, 'info');
  t.equal(config.demoPage, true);
});

t.test('real i\'mport credentials leave sandbox mode', async (t) => {
  const config = loadConfig({ IAMPORT_API_KEY: 'k', IAMPORT_API_SECRET: 's', API_KEYS: 'a, b' });
  t.equal(config.mode, 'live');
  t.equal(config.iamport.apiUrl, 'https://api.iamport.kr');
  t.same(config.apiKeys, ['a', 'b']);
  t.equal(config.demoPage, false);
});

t.test('production never falls back to sandbox mode: only IAMPORT_SANDBOX=true asks for it', async (t) => {
  t.throws(() => loadConfig({ NODE_ENV: 'production' }), /IAMPORT_SANDBOX=true/);
  t.equal(loadConfig({ NODE_ENV: 'production', IAMPORT_SANDBOX: 'true' }).mode, 'sandbox');
  t.equal(loadConfig({ NODE_ENV: 'production', IAMPORT_API_KEY: 'k', IAMPORT_API_SECRET: 's', API_KEYS: 'a' }).mode, 'live');
});

t.test('the loaded configuration cannot be changed', async (t) => {
  const config = loadConfig({});
  t.throws(() => {
    (config as { mode: string }).mode = 'live';
  });
  t.throws(() => (config.apiKeys as string[]).push('k'));
  t.equal(config.mode, 'sandbox');
});

const badValues: Array<[Record<string, string>, string]> = [
  [{ PORT: 'eighty' }, 'PORT'],
  [{ PORT: '70000' }, 'PORT'],
  [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
  [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
  [{ IAMPORT_API_URL: 'ftp://x' }, 'IAMPORT_API_URL'],
  [{ PUBLIC_BASE_URL: 'nope' }, 'PUBLIC_BASE_URL'],
  [{ RECONCILE_INTERVAL_MS: '-1' }, 'RECONCILE_INTERVAL_MS'],
  [{ AUTO_CANCEL_FORGERY: 'yes' }, 'AUTO_CANCEL_FORGERY'],
  [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  [{ IAMPORT_API_KEY: 'k' }, 'IAMPORT_API_SECRET'],
  [{ IAMPORT_API_KEY: 'k', IAMPORT_API_SECRET: 's' }, 'API_KEYS'],
  [{ EVENT_WEBHOOK_URL: 'http://hooks.test/x' }, 'EVENT_WEBHOOK_SECRET'],
  [{ IAMPORT_MERCHANT_CODE: 'not-a-code' }, 'IAMPORT_MERCHANT_CODE'],
  [{ IAMPORT_API_KEY: 'k', IAMPORT_API_SECRET: 's', API_KEYS: 'a', DEMO_PAGE: 'true' }, 'IAMPORT_MERCHANT_CODE'],
  [{ NODE_ENV: 'production' }, 'IAMPORT_API_KEY'],
  [{ IAMPORT_SANDBOX: 'true', IAMPORT_API_KEY: 'k', IAMPORT_API_SECRET: 's', API_KEYS: 'a' }, 'IAMPORT_SANDBOX'],
  [{ IAMPORT_SANDBOX: 'false' }, 'IAMPORT_API_KEY'],
  [{ IAMPORT_SANDBOX: 'maybe' }, 'IAMPORT_SANDBOX'],
];

for (const [env, variable] of badValues) {
  t.test(`a bad ${variable} stops start-up with one line naming it`, async (t) => {
    t.throws(() => loadConfig(env), new RegExp(`^invalid environment variable ${variable}:`));
    try {
      loadConfig(env);
    } catch (error) {
      t.type(error, ConfigError);
      t.notMatch((error as Error).message, /\n/);
    }
  });
}
