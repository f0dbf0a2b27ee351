import { Webhook as Signer } from 'standardwebhooks';
import t from 'tap';
import { PortOneClient } from '../../../src/providers/portone/client.js';
import { PortOneWebhookRejected } from '../../../src/providers/portone/errors.js';
import { PORTONE_SANDBOX } from '../../../src/sandbox/portone/credentials.js';
import { freshDatabase } from '../../helpers/database.js';
import { startPortOneSandbox } from '../../helpers/portone-sandbox.js';
import { startReceiver } from '../../sandbox/portone/receiver.js';

const failure = (call: Promise<unknown>) => call.then(() => undefined, (error: unknown) => error);
const OLD_SECRET = `whsec_${Buffer.from('a secret being rotated out').toString('base64')}`;

/** A webhook signed like PortOne's, at `at`, for the cases the simulator never sends. */
function signed(body: string, secret = PORTONE_SANDBOX.webhookSecret, at = new Date()) {
  const id = 'msg_test';
  return { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': new Signer(secret).sign(id, at, body) };
}

t.test('verifyWebhook: PortOne\'s verifier, every configured secret, the body read leniently', async (t) => {
  const database = await freshDatabase(t);
  const hooks = await startReceiver(t);
  const sandbox = await startPortOneSandbox(t, database, { webhookUrl: `${hooks.base}/shop` });
  const client = new PortOneClient({ apiUrl: sandbox.url, apiSecret: PORTONE_SANDBOX.apiSecret, webhookSecrets: [OLD_SECRET, PORTONE_SANDBOX.webhookSecret] });
  t.teardown(() => client.close());

  const { transaction } = await sandbox.control.createPayment({ paymentId: 'whv_1', amount: 100, webhook: true });
  const [delivery] = await hooks.waitFor(1);
  t.same(await client.verifyWebhook(delivery!.raw, delivery!.headers), {
    type: 'Transaction.Paid',
    timestamp: delivery!.body.timestamp,
    data: { storeId: PORTONE_SANDBOX.storeId, paymentId: 'whv_1', transactionId: transaction.id },
  }, 'a simulator webhook, with the second of two secrets');

  const rejected = async (body: string, headers: Record<string, string>) => failure(client.verifyWebhook(body, headers));
  t.match(await rejected(delivery!.raw.replace('whv_1', 'whv_2'), delivery!.headers), { reason: 'NO_MATCHING_SIGNATURE' }, 'a changed body');
  t.match(await rejected(delivery!.raw, { ...delivery!.headers, 'webhook-signature': 'v1,AAAA' }), { reason: 'NO_MATCHING_SIGNATURE' });
  t.match(await rejected(delivery!.raw, { 'webhook-id': 'x' }), { reason: 'MISSING_REQUIRED_HEADERS' });
  const stale = '{"type":"Transaction.Paid","timestamp":"2024-04-25T10:00:00.000Z","data":{"paymentId":"p"}}';
  t.match(await rejected(stale, signed(stale, PORTONE_SANDBOX.webhookSecret, new Date(Date.now() - 10 * 60_000))), { reason: 'TIMESTAMP_TOO_OLD' });
  t.type(await rejected(stale, signed(stale, `whsec_${Buffer.from('a stranger').toString('base64')}`)), PortOneWebhookRejected);
  t.match(await rejected('not json', signed('not json')), { reason: 'MALFORMED_BODY' });
  t.match(await rejected('{"data":{}}', signed('{"data":{}}')), { reason: 'MALFORMED_BODY' }, 'a body without a type');

  const unknown = '{"type":"Transaction.SomethingNew","timestamp":"2030-01-01T00:00:00Z","data":{"paymentId":7,"extra":true},"more":1}';
  t.match(await client.verifyWebhook(unknown, signed(unknown, OLD_SECRET)), { type: 'Transaction.SomethingNew', data: { paymentId: undefined } }, 'unknown types and fields pass, a wrong-typed field is absent');

  const noSecrets = new PortOneClient({ apiUrl: sandbox.url, apiSecret: 'x' });
  t.teardown(() => noSecrets.close());
  await t.rejects(noSecrets.verifyWebhook(delivery!.raw, delivery!.headers), /no PortOne webhook secret/);
  const badSecret = new PortOneClient({ apiUrl: sandbox.url, apiSecret: 'x', webhookSecrets: ['whsec_***'] });
  t.teardown(() => badSecret.close());
  await t.rejects(badSecret.verifyWebhook(delivery!.raw, delivery!.headers), /unusable/);
});
