import t from 'tap';
import { TEST_ACTOR } from '../helpers/app.js';
import { refundNeedingOperator } from '../helpers/scenarios.js';
import { startService, type Service } from '../helpers/service.js';

const historyOf = async (service: Service, impUid: string) =>
  ((await service.iamport.getPayment(impUid))?.cancel_history as unknown[] | undefined) ?? [];

async function stuckRefund(service: Service, amount: number) {
  const stuck = await refundNeedingOperator({ ...service, control: service.sandbox.control }, amount);
  const refunds = await service.api('GET', '/refunds?state=needs_operator&limit=100');
  const refund = refunds.body.items.find((r: { imp_uid: string }) => r.imp_uid === stuck.vbank);
  return { ...stuck, refundId: refund.id as string };
}

const account = { refund_holder: '김지수', refund_bank: '04', refund_account: '123-456-789012' };

t.test("finishing a refund i'mport refused: POST /refunds/{id}/retry", async (t) => {
  const service = await startService(t);

  t.test('who is signed in, the banks a PG takes, and no resend while nothing is pushed', async (t) => {
    t.match(await service.api('GET', '/whoami'), { status: 200, body: { actor: TEST_ACTOR } });
    const inicis = await service.api('GET', '/refund-banks?pg_provider=html5_inicis');
    t.match(inicis.body.items.slice(0, 2), [{ code: '04', name: 'KB국민은행' }, { code: '88', name: '신한은행' }]);
    t.match((await service.api('GET', '/refund-banks?pg_provider=kcp')).body.items[0], { code: 'BK04' });
    t.match((await service.api('GET', '/refund-banks?pg_provider=tosspayments')).body.items[0], { code: '004' });
    t.ok((await service.api('GET', '/refund-banks?pg_provider=kiwoompay')).body.items.every((b: { code: string }) => /^\d\d$/.test(b.code)));
    t.match(await service.api('POST', '/events/1/resend'), { status: 409, body: { message: /EVENT_WEBHOOK_URL is not set/ } });
    t.match(await service.api('POST', '/event-deliveries/resend', { endpoint: 'https://x.example' }), { status: 409 });
  });

  t.test('a deposit needs the buyer account, with a bank code the PG takes; each missing or wrong field is named', async (t) => {
    const { refundId } = await stuckRefund(service, 12_900);
    t.match(await service.api('POST', `/refunds/${refundId}/retry`, {}), { status: 400, body: { message: /body\.refund_account: .*refund_holder, refund_bank and refund_account/ } });
    t.match(await service.api('POST', `/refunds/${refundId}/retry`, { ...account, refund_bank: '004' }), { status: 400, body: { message: /body\.refund_bank: 004 is not a bank code html5_inicis takes/ } });
    t.match(await service.api('POST', `/refunds/${refundId}/retry`, { ...account, refund_bank: '국민' }), { status: 400, body: { message: /refund_bank/ } });
    t.match(await service.api('POST', `/refunds/${refundId}/retry`, { ...account, refund_account: '12ab' }), { status: 400, body: { message: /refund_account/ } });
    t.match(await service.api('POST', '/refunds/rf_unknown/retry', account), { status: 404 });
  });

  t.test('with the account it is refunded once, recorded as done by the operator, and leaves the needs-operator list', async (t) => {
    const { merchantUid, vbank, refundId } = await stuckRefund(service, 12_900);
    const done = await service.api('POST', `/refunds/${refundId}/retry`, account);
    t.match(done, { status: 200, body: { refund: { id: refundId, state: 'done', actor: TEST_ACTOR, amount: 12_900 }, order: { merchant_uid: merchantUid, status: 'paid' } } });
    t.equal((await historyOf(service, vbank)).length, 1, "one refund at i'mport");
    const payments = await service.api('GET', `/orders/${merchantUid}/payments`);
    const deposit = payments.body.items.find((p: { imp_uid: string }) => p.imp_uid === vbank);
    t.match(deposit, { status: 'cancelled', refund: { state: 'done', actor: TEST_ACTOR }, refunds: [{ id: refundId, actor: TEST_ACTOR }] });
    const listed = await service.api('GET', '/refunds?state=needs_operator&limit=100');
    t.notOk(listed.body.items.some((r: { id: string }) => r.id === refundId));

    const again = await service.api('POST', `/refunds/${refundId}/retry`, account);
    t.match(again, { status: 200, body: { refund: { state: 'done' } } }, 'a second retry finds it done');
    t.equal((await historyOf(service, vbank)).length, 1, 'and refunds nothing more');
    const actions = await service.database.db.selectFrom('operator_actions').select(['actor', 'action', 'subject', 'detail']).where('merchant_uid', '=', merchantUid).execute();
    t.match(actions, [{ actor: TEST_ACTOR, action: 'refund_retry', subject: refundId, detail: { state: 'done', refund_bank: '04', account_last4: '9012' } }, { action: 'refund_retry' }]);
  });

  t.test('refunded by hand at i\'mport meanwhile (its webhook lost): the retry closes it without sending another', async (t) => {
    const { vbank, refundId } = await stuckRefund(service, 8_000);
    await service.sandbox.control.cancel(vbank, undefined, 'refunded at the console', { webhook: false });
    const before = (await service.sandbox.control.counters()).cancel ?? 0;
    const answer = await service.api('POST', `/refunds/${refundId}/retry`, account);
    t.match(answer, { status: 200, body: { refund: { state: 'failed', last_error: /another cancel/ } } }, "not ours: the console's refund returned the money");
    t.notOk((await service.api('GET', '/refunds?state=needs_operator')).body.items.some((r: { id: string }) => r.id === refundId), 'no longer waits for a person');
    t.equal((await service.sandbox.control.counters()).cancel ?? 0, before, 'no cancel was sent');
    t.equal((await historyOf(service, vbank)).length, 1);
  });

  t.test("the retry's answer is lost after it landed: re-read, found done, never sent twice", async (t) => {
    const { vbank, refundId } = await stuckRefund(service, 7_000);
    await service.sandbox.control.injectFault({ kind: 'lost', count: 1, endpoint: 'cancel' });
    t.match(await service.api('POST', `/refunds/${refundId}/retry`, account), { status: 200, body: { refund: { state: 'done' } } });
    t.equal((await historyOf(service, vbank)).length, 1);
  });

  t.test('operators retrying at once: one refund at i\'mport; the others are told it is in progress or done', async (t) => {
    const { vbank, refundId } = await stuckRefund(service, 5_000);
    // the first attempt is slow at i'mport, so the other retries arrive while it is being carried out
    const sentBefore = (await service.sandbox.control.counters()).cancel ?? 0;
    await service.sandbox.control.injectFault({ kind: 'hang', count: 1, ms: 1_500, endpoint: 'cancel' });
    const first = service.api('POST', `/refunds/${refundId}/retry`, account);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const others = Array.from({ length: 3 }, () => service.api('POST', `/refunds/${refundId}/retry`, account));
    const answers = await Promise.all([first, ...others]);
    t.ok(answers.some((a) => a.status === 200), 'one finished it');
    for (const answer of answers) t.ok(answer.status === 200 || (answer.status === 409 && /being carried out/.test(answer.body.message)), `${answer.status} ${answer.body.message ?? ''}`);
    t.equal((await historyOf(service, vbank)).length, 1, "one refund at i'mport");
    t.equal(((await service.sandbox.control.counters()).cancel ?? 0) - sentBefore, 1, 'and one cancel sent: not one per operator');
  });
});
