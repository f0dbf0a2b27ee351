import t, { type Test } from 'tap';
import { ConfigError, loadConfig } from '../src/config.js';

const LIVE = { IAMPORT_API_KEY: 'k', IAMPORT_API_SECRET: 's', API_KEYS: 'a-long-enough-api-key-0123456789abcdef' };
const whsec = (bytes: number) => `whsec_${Buffer.alloc(bytes, 7).toString('base64')}`;

/** One line, naming the variable, saying what it must be; never the value given (it may be a secret). */
function refuses(t: Test, env: Record<string, string>, variable: string, mustBe: RegExp): void {
  try {
    loadConfig(env);
    t.fail(`${JSON.stringify(env)} was accepted`);
  } catch (error) {
    t.type(error, ConfigError);
    const message = (error as Error).message;
    t.match(message, new RegExp(`^invalid environment variable ${variable}: `), message);
    t.match(message, mustBe, message);
    t.notMatch(message, /\n/);
  }
}

t.test('a bad value is one line saying what the variable must be, not zod\'s or URL\'s own words', async (t) => {
  refuses(t, { PORT: 'abc' }, 'PORT', /must be a port number from 0 to 65535/);
  refuses(t, { DATABASE_URL: 'mysql://shop:hunter2@db/shop' }, 'DATABASE_URL', /must be a postgres:\/\/ URL/);
  refuses(t, { IAMPORT_TIMEOUT_MS: 'soon' }, 'IAMPORT_TIMEOUT_MS', /must be a whole number of milliseconds from 100 to 10000/);
  refuses(t, { LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /must be one of fatal, error, warn, info, debug, trace, silent/);
  refuses(t, { AUTO_CANCEL_FORGERY: 'yes' }, 'AUTO_CANCEL_FORGERY', /must be true or false/);
  refuses(t, { REQUEST_TIMEOUT_MS: '10' }, 'REQUEST_TIMEOUT_MS', /must be a whole number of milliseconds from 1000 to 600000/);
  try {
    loadConfig({ DATABASE_URL: 'mysql://shop:hunter2@db/shop' });
  } catch (error) {
    t.notMatch((error as Error).message, /hunter2/, 'the value is never repeated');
  }
});

t.test('EVENT_WEBHOOK_SECRET: whsec_ and the base64 of 24 to 64 bytes, else start-up stops', async (t) => {
  const withSecret = (secret: string) => ({ EVENT_WEBHOOK_URL: 'https://hooks.example/pv', EVENT_WEBHOOK_SECRET: secret });
  for (const bytes of [24, 32, 64]) t.equal(loadConfig(withSecret(whsec(bytes))).eventWebhook?.secret, whsec(bytes));
  const mustBe = /must be whsec_ followed by the base64 of 24 to 64 random bytes/;
  refuses(t, withSecret('whsec_!!!not base64!!!'), 'EVENT_WEBHOOK_SECRET', mustBe);
  refuses(t, withSecret('whsec_'), 'EVENT_WEBHOOK_SECRET', mustBe);
  refuses(t, withSecret(whsec(23)), 'EVENT_WEBHOOK_SECRET', mustBe);
  refuses(t, withSecret(whsec(65)), 'EVENT_WEBHOOK_SECRET', mustBe);
  refuses(t, withSecret(`${whsec(32)}x`), 'EVENT_WEBHOOK_SECRET', mustBe);
  refuses(t, withSecret('x'), 'EVENT_WEBHOOK_SECRET', mustBe);
  refuses(t, withSecret('a plain shared secret of some length'), 'EVENT_WEBHOOK_SECRET', mustBe);
});

t.test('TRUST_PROXY: no range wider than /8 (IPv4) or /32 (IPv6), however it is written', async (t) => {
  t.same(loadConfig({ TRUST_PROXY: '10.0.0.0/8, fd00::/32, ::ffff:10.0.0.0/104' }).trustProxy, ['10.0.0.0/8', 'fd00::/32', '::ffff:10.0.0.0/104']);
  for (const wide of ['0.0.0.0/0', '0.0.0.0/1,128.0.0.0/1', '10.0.0.0/7', '::/0', 'fd00::/31', '::/32', '::ffff:0:0/96', '::ffff:0.0.0.0/100', '2001:db8::/16']) {
    refuses(t, { TRUST_PROXY: wide }, 'TRUST_PROXY', /no range wider than \/8 \(IPv4\) or \/32 \(IPv6\)/);
  }
});

t.test('IAMPORT_WEBHOOK_IPS and METRICS_ALLOW take addresses and CIDRs', async (t) => {
  t.same(loadConfig({ IAMPORT_WEBHOOK_IPS: '52.78.100.19, 52.78.5.0/24, 2001:db8::/48' }).webhookAllowedIps, ['52.78.100.19', '52.78.5.0/24', '2001:db8::/48']);
  refuses(t, { IAMPORT_WEBHOOK_IPS: '52.78.100.19, iamport.kr' }, 'IAMPORT_WEBHOOK_IPS', /must be a comma-separated list of IP addresses or CIDRs/);
  t.same(loadConfig({}).metricsAllow, ['127.0.0.0/8', '::1/128', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'], 'loopback and private ranges');
  t.same(loadConfig({ METRICS_ALLOW: '203.0.113.9/32' }).metricsAllow, ['203.0.113.9/32']);
  refuses(t, { METRICS_ALLOW: 'prometheus' }, 'METRICS_ALLOW', /must be a comma-separated list of IP addresses or CIDRs/);
});

t.test('REQUEST_TIMEOUT_MS: 30 s unless set', async (t) => {
  t.equal(loadConfig({}).requestTimeoutMs, 30_000);
  t.equal(loadConfig({ REQUEST_TIMEOUT_MS: '5000' }).requestTimeoutMs, 5000);
});

t.test("IAMPORT_API_URL must be https outside sandbox mode, except on loopback", async (t) => {
  refuses(t, { ...LIVE, IAMPORT_API_URL: 'http://api.iamport.kr' }, 'IAMPORT_API_URL', /must be https:\/\/ outside sandbox mode/);
  refuses(t, { ...LIVE, IAMPORT_API_URL: 'http://10.0.0.5:8080' }, 'IAMPORT_API_URL', /must be https:\/\//);
  t.equal(loadConfig({ ...LIVE, IAMPORT_API_URL: 'https://api.iamport.kr' }).iamport?.apiUrl, 'https://api.iamport.kr');
  for (const local of ['http://127.0.0.1:3100/sandbox/iamport', 'http://localhost:3100', 'http://[::1]:3100']) {
    t.equal(loadConfig({ ...LIVE, IAMPORT_API_URL: local }).iamport?.apiUrl, local, `${local} is loopback`);
  }
  t.equal(loadConfig({ IAMPORT_SANDBOX: 'true', IAMPORT_API_URL: 'http://sandbox.internal:3100' }).iamport?.apiUrl, 'http://sandbox.internal:3100', 'sandbox mode moves no money');
});
