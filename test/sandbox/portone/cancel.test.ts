import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import t from 'tap';
import { freshDatabase } from '../../helpers/database.js';
import { startPortOneSandbox } from '../../helpers/portone-sandbox.js';
import { v2 } from './http.js';
import { startReceiver } from './receiver.js';

t.test('cancel: PortOne V2\'s rules, answers and webhooks', async (t) => {
  const database = await freshDatabase(t);
  const hooks = await startReceiver(t);
  const { url, control } = await startPortOneSandbox(t, database, { webhookUrl: `${hooks.base}/shop` });
  const cancel = (paymentId: string, body: Record<string, unknown>) => v2(url, 'POST', `/payments/${paymentId}/cancel`, { body });
  const read = async (paymentId: string) => (await v2(url, 'GET', `/payments/${paymentId}`)).body;
  const typesFor = async (paymentId: string) => {
    await control.drainWebhooks();
    return hooks.received.filter((r) => r.body.data.paymentId === paymentId).map((r) => [r.body.type, r.body.data.cancellationId]);
  };

  t.test('partial then full: PARTIAL_CANCELLED, then CANCELLED; every cancel moves statusChangedAt and sends its webhook', async (t) => {
    await control.createPayment({ paymentId: 'cx_1', amount: 10000 });
    const paid = await read('cx_1');
    await sleep(5);
    const first = await cancel('cx_1', { reason: 'refund:r1', amount: 3000, currentCancellableAmount: 10000, requester: 'ADMIN' });
    t.match(first, { status: 200, body: { cancellation: { status: 'SUCCEEDED', totalAmount: 3000, reason: 'refund:r1', trigger: 'API', id: /^[0-9a-f-]{36}$/ } } });
    const partly = await read('cx_1');
    t.match(partly, { status: 'PARTIAL_CANCELLED', amount: { total: 10000, cancelled: 3000 }, cancellations: [{ id: first.body.cancellation.id, status: 'SUCCEEDED' }] });
    t.ok(partly.statusChangedAt > paid.statusChangedAt, 'the first cancel moved statusChangedAt');
    await sleep(5);
    const second = await cancel('cx_1', { reason: 'refund:r2', amount: 2000, currentCancellableAmount: 7000 });
    const again = await read('cx_1');
    t.ok(again.statusChangedAt > partly.statusChangedAt, 'a second partial cancel moves it too');
    t.equal(again.status, 'PARTIAL_CANCELLED');
    const rest = await cancel('cx_1', { reason: 'refund:r3', currentCancellableAmount: 5000 });
    t.match(rest.body.cancellation, { totalAmount: 5000 }, 'no amount: all that is left');
    t.match(await read('cx_1'), { status: 'CANCELLED', amount: { cancelled: 10000 }, cancellations: [{ reason: 'refund:r1' }, { reason: 'refund:r2' }, { reason: 'refund:r3' }] });
    t.same(await typesFor('cx_1'), [
      ['Transaction.PartialCancelled', first.body.cancellation.id],
      ['Transaction.PartialCancelled', second.body.cancellation.id],
      ['Transaction.Cancelled', rest.body.cancellation.id],
    ]);
  });

  t.test('refusals: stale balance, too much, not paid, already cancelled, unknown; nothing moves', async (t) => {
    await control.createPayment({ paymentId: 'cx_2', amount: 5000 });
    t.match(await cancel('cx_2', { reason: 'x', amount: 1000, currentCancellableAmount: 4000 }), { status: 409, body: { type: 'CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN' } });
    t.match(await cancel('cx_2', { reason: 'x', amount: 5001 }), { status: 409, body: { type: 'CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT' } });
    t.match(await cancel('cx_2', { reason: 'x', amount: 0 }), { status: 400, body: { type: 'INVALID_REQUEST', message: /amount/ } }, 'not a full cancel in disguise');
    t.match(await cancel('cx_2', { reason: 'x', amount: 10.5 }), { status: 400, body: { type: 'INVALID_REQUEST' } });
    t.match(await cancel('cx_2', { amount: 100 }), { status: 400, body: { type: 'INVALID_REQUEST', message: /reason/ } });
    t.match(await read('cx_2'), { status: 'PAID', amount: { cancelled: 0 } });
    t.notOk((await read('cx_2')).cancellations, 'no cancellation recorded');
    await control.createPayment({ paymentId: 'cx_3', amount: 5000, status: 'VIRTUAL_ACCOUNT_ISSUED' });
    t.match(await cancel('cx_3', { reason: 'x' }), { status: 409, body: { type: 'PAYMENT_NOT_PAID' } }, 'an unpaid account is closed, not cancelled');
    await control.createPayment({ paymentId: 'cx_4', amount: 5000, status: 'CANCELLED' });
    t.match(await cancel('cx_4', { reason: 'x' }), { status: 409, body: { type: 'PAYMENT_ALREADY_CANCELLED' } });
    t.match(await cancel('cx_none', { reason: 'x' }), { status: 404, body: { type: 'PAYMENT_NOT_FOUND' } });
  });

  t.test('a deposited virtual account is refunded to an account the request names', async (t) => {
    await control.createPayment({ paymentId: 'cx_5', amount: 8000, status: 'PAID', method: 'VIRTUAL_ACCOUNT' });
    t.match(await cancel('cx_5', { reason: 'x' }), { status: 400, body: { type: 'INVALID_REQUEST', message: /refundAccount/ } });
    t.match(await cancel('cx_5', { reason: 'x', refundAccount: { bank: 'kookmin', number: '1', holderName: 'a' } }), { status: 400 }, 'a Bank code');
    const refundAccount = { bank: 'KOOKMIN', number: '12345678901234', holderName: '홍길동' };
    t.match(await cancel('cx_5', { reason: 'x', refundAccount }), { status: 200, body: { cancellation: { status: 'SUCCEEDED', totalAmount: 8000 } } });
  });

  t.test('skipWebhook: the cancel is made, and no webhook is sent', async (t) => {
    await control.createPayment({ paymentId: 'cx_6', amount: 1000 });
    t.match(await cancel('cx_6', { reason: 'x', skipWebhook: true }), { status: 200 });
    t.same(await typesFor('cx_6'), []);
  });

  t.test('concurrent cancels with the same balance: exactly one is carried out', async (t) => {
    await control.createPayment({ paymentId: 'cx_7', amount: 10000 });
    // the payment's row is held while the cancels arrive, so that they all reach it together when it is let go
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    t.teardown(() => holder.end());
    await holder.query('BEGIN');
    await holder.query("SELECT 1 FROM portone_sandbox.payments WHERE payment_id = 'cx_7' FOR UPDATE");
    const pending = Promise.all(Array.from({ length: 8 }, () => cancel('cx_7', { reason: 'x', amount: 4000, currentCancellableAmount: 10000 })));
    await sleep(500);
    await holder.query('COMMIT');
    const answers = await pending;
    t.equal(answers.filter((a) => a.status === 200).length, 1);
    t.ok(answers.filter((a) => a.status !== 200).every((a) => a.body.type === 'CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN'));
    t.match(await read('cx_7'), { amount: { cancelled: 4000 }, cancellations: [{ totalAmount: 4000 }] });
  });

  t.test('asynchronous cancels: REQUESTED, the money held, CancelPending; the control API completes or fails them', async (t) => {
    await control.createPayment({ paymentId: 'cx_8', amount: 10000 });
    await control.setAsyncCancels('cx_8');
    const requested = await cancel('cx_8', { reason: 'refund:a1', amount: 4000, currentCancellableAmount: 10000 });
    t.match(requested, { status: 200, body: { cancellation: { status: 'REQUESTED', totalAmount: 4000, reason: 'refund:a1' } } });
    t.notOk(requested.body.cancellation.cancelledAt);
    t.match(await read('cx_8'), { status: 'PAID', amount: { cancelled: 0 }, cancellations: [{ status: 'REQUESTED', id: requested.body.cancellation.id }] });
    t.match(await cancel('cx_8', { reason: 'x', currentCancellableAmount: 10000 }), { status: 409, body: { type: 'CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN' } }, 'the requested money is no longer cancellable');
    const other = await cancel('cx_8', { reason: 'refund:a2', amount: 1000, currentCancellableAmount: 6000 });
    t.equal(other.body.cancellation.status, 'REQUESTED');
    const done = await control.completeCancel('cx_8');
    t.match(done, { cancellation: { id: requested.body.cancellation.id, status: 'SUCCEEDED' }, payment: { status: 'PARTIAL_CANCELLED', amount: { cancelled: 4000 } } });
    const failed = await control.completeCancel('cx_8', { fail: true });
    t.match(failed, { cancellation: { id: other.body.cancellation.id, status: 'FAILED' }, payment: { amount: { cancelled: 4000 } } });
    await t.rejects(control.completeCancel('cx_8'), /409/, 'nothing is pending any more');
    t.match(await cancel('cx_8', { reason: 'x', currentCancellableAmount: 6000, skipWebhook: true }), { status: 200, body: { cancellation: { status: 'REQUESTED', totalAmount: 6000 } } });
    await control.completeCancel('cx_8');
    t.match(await read('cx_8'), { status: 'CANCELLED', amount: { cancelled: 10000 } });
    const third = (await read('cx_8')).cancellations[2].id;
    t.same(await typesFor('cx_8'), [
      ['Transaction.CancelPending', requested.body.cancellation.id],
      ['Transaction.CancelPending', other.body.cancellation.id],
      ['Transaction.PartialCancelled', requested.body.cancellation.id],
      ['Transaction.Cancelled', third],
    ], 'skipWebhook skips the request\'s webhook, not the outcome\'s; a failed one has none');
  });

  t.test('a console cancel (control API): trigger CONSOLE, with or without its webhook', async (t) => {
    await control.createPayment({ paymentId: 'cx_9', amount: 6000 });
    const partial = await control.cancel('cx_9', { amount: 1000, webhook: false });
    t.match(partial, { cancellation: { trigger: 'CONSOLE', totalAmount: 1000 }, payment: { status: 'PARTIAL_CANCELLED' } });
    const full = await control.cancel('cx_9', { reason: '고객 요청' });
    t.match(full, { cancellation: { trigger: 'CONSOLE', totalAmount: 5000, reason: '고객 요청' }, payment: { status: 'CANCELLED' } });
    t.same(await typesFor('cx_9'), [['Transaction.Cancelled', full.cancellation!.id]]);
    await t.rejects(control.cancel('cx_9'), /409.*PAYMENT_ALREADY_CANCELLED/);
  });
});
