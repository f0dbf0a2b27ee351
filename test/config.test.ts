import t from 'tap';
import { ConfigError, loadConfig } from '../src/config.js';

t.test('defaults follow API.md and mean sandbox mode', async (t) => {
  const config = loadConfig({});
  t.equal(config.port, 3000);
  t.equal(config.host, '127.0.0.1');
  t.equal(config.dataDir, './.data');
  t.equal(config.mode, 'sandbox');
  t.equal(config.iamport?.apiUrl, 'http://127.0.0.1:3000/sandbox/iamport');
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

const KEY_A = 'a'.repeat(32);
const KEY_B = 'b'.repeat(40);

t.test('real i\'mport credentials leave sandbox mode', async (t) => {
  const config = loadConfig({ IAMPORT_API_KEY: 'k', IAMPORT_API_SECRET: 's', API_KEYS: `${KEY_A}, ${KEY_B}` });
  t.equal(config.mode, 'live');
  t.equal(config.iamport?.apiUrl, 'https://api.iamport.kr');
  t.same(config.apiKeys, [{ actor: 'key-1', key: KEY_A }, { actor: 'key-2', key: KEY_B }]);
  t.equal(config.demoPage, false);
});

t.test('API_KEYS names operators: name:key, or key-N for the Nth entry given bare', async (t) => {
  const keys = loadConfig({ API_KEYS: `ops.kim:${KEY_A},${KEY_B},on-call_2:x:${KEY_A}y` }).apiKeys;
  t.same(keys, [{ actor: 'ops.kim', key: KEY_A }, { actor: 'key-2', key: KEY_B }, { actor: 'on-call_2', key: `x:${KEY_A}y` }]);
});

t.test('an API key shorter than 32 characters, a bad name or a repeated key stops start-up, never saying the key', async (t) => {
  const fails = (value: string, expected: RegExp) => {
    const error = t.throws(() => loadConfig({ API_KEYS: value })) as Error;
    t.match(error.message, expected);
    t.match(error.message, /^invalid environment variable API_KEYS: /);
    for (const secret of value.split(',').map((entry) => entry.slice(entry.indexOf(':') + 1))) t.notMatch(error.message, secret);
    t.notMatch(error.message, 'Alice', 'nor what may be part of one');
  };
  fails(`${KEY_A},short-key-0123456789`, /entry 2: the key is 20 characters; every key must be at least 32/);
  fails(`alice:${'c'.repeat(31)}`, /entry 1 \(alice\): the key is 31 characters/);
  fails(`Alice:${KEY_A}`, /entry 1: the name before ":" must be 1 to 32 of a-z 0-9/);
  fails(`${'n'.repeat(33)}:${KEY_A}`, /the name before ":"/);
  fails(`alice:${KEY_A},bob:${KEY_A}`, /entry 2 \(bob\): the same key is listed twice/);
});

t.test('production never falls back to sandbox mode: only IAMPORT_SANDBOX=true asks for it', async (t) => {
  t.throws(() => loadConfig({ NODE_ENV: 'production' }), /IAMPORT_SANDBOX=true/);
  t.equal(loadConfig({ NODE_ENV: 'production', IAMPORT_SANDBOX: 'true' }).mode, 'sandbox');
  t.equal(loadConfig({ NODE_ENV: 'production', IAMPORT_API_KEY: 'k', IAMPORT_API_SECRET: 's', API_KEYS: KEY_A }).mode, 'live');
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
  t.throws(() => (config.apiKeys as unknown[]).push({ actor: 'x', key: KEY_A }));
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
  [{ IAMPORT_API_KEY: 'k', IAMPORT_API_SECRET: 's', API_KEYS: KEY_A, DEMO_PAGE: 'true' }, 'IAMPORT_MERCHANT_CODE'],
  [{ NODE_ENV: 'production' }, 'IAMPORT_API_KEY'],
  [{ IAMPORT_SANDBOX: 'true', IAMPORT_API_KEY: 'k', IAMPORT_API_SECRET: 's', API_KEYS: KEY_A }, 'IAMPORT_SANDBOX'],
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
