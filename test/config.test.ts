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

t.test('TRUST_PROXY is a hop count or the proxies\' addresses, never "believe anyone"', async (t) => {
  t.equal(loadConfig({}).trustProxy, undefined);
  t.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
  t.same(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.7,::1, fd00::/32' }).trustProxy, ['10.0.0.0/8', '192.168.1.7', '::1', 'fd00::/32']);
  t.throws(() => loadConfig({ TRUST_PROXY: 'true' }), /^invalid environment variable TRUST_PROXY: .*hop count/);
});

t.test('rate limits in memory and 30 days of audit records unless set otherwise', async (t) => {
  const config = loadConfig({});
  t.equal(config.rateLimitStore, 'memory');
  t.equal(config.auditRetentionDays, 30);
  t.equal(loadConfig({ RATE_LIMIT_STORE: 'postgres', AUDIT_RETENTION_DAYS: '7' }).auditRetentionDays, 7);
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
  [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
  [{ TRUST_PROXY: '0' }, 'TRUST_PROXY'],
  [{ TRUST_PROXY: '11' }, 'TRUST_PROXY'],
  [{ TRUST_PROXY: 'loadbalancer' }, 'TRUST_PROXY'],
  [{ TRUST_PROXY: '10.0.0.1, 10.0.0.300' }, 'TRUST_PROXY'],
  [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
  [{ RATE_LIMIT_STORE: 'redis' }, 'RATE_LIMIT_STORE'],
  [{ AUDIT_RETENTION_DAYS: '0' }, 'AUDIT_RETENTION_DAYS'],
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
