import t from 'tap';
import type { OrderStatus } from '../../src/db/schema.js';
import type { IamportPayment } from '../../src/iamport/schemas.js';
import { decidePaymentOutcome } from '../../src/payments/decide.js';

const ORDER_STATES: OrderStatus[] = ['pending', 'awaiting_deposit', 'paid', 'partially_cancelled', 'cancelled', 'failed'];
const STATUSES = ['ready', 'paid', 'failed', 'cancelled'] as const;
const config = { autoCancelForgery: true };

function order(status: OrderStatus, impUid: string | null = null) {
  const settled = ['paid', 'partially_cancelled', 'cancelled'].includes(status);
  return {
    merchant_uid: 'ord_1',
    status,
    amount: '10000',
    currency: 'KRW',
    imp_uid: settled || status === 'awaiting_deposit' ? (impUid ?? 'imp_A') : impUid,
    paid_amount: settled ? '10000' : '0',
    cancelled_amount: status === 'cancelled' ? '10000' : status === 'partially_cancelled' ? '4000' : '0',
  };
}

function payment(status: (typeof STATUSES)[number], amount: number, impUid = 'imp_A'): IamportPayment {
  const cancelAmount = status === 'cancelled' ? amount : 0;
  return {
    imp_uid: impUid, merchant_uid: 'ord_1', amount, cancel_amount: cancelAmount, currency: 'KRW', status,
    pay_method: status === 'ready' ? 'vbank' : 'card', vbank_num: status === 'ready' ? 'T123' : null, vbank_name: 'KB', paid_at: 1700000000,
  } as IamportPayment;
}

// Expected outcome per (order state, i'mport status) for the order's own payment with the right amount.
const EXPECTED: Record<OrderStatus, Record<(typeof STATUSES)[number], [string, OrderStatus | null]>> = {
  pending: { ready: ['vbankIssued', 'awaiting_deposit'], paid: ['success', 'paid'], failed: ['failed', 'failed'], cancelled: ['cancelled', 'cancelled'] },
  awaiting_deposit: { ready: ['vbankIssued', null], paid: ['success', 'paid'], failed: ['failed', 'failed'], cancelled: ['cancelled', 'cancelled'] },
  failed: { ready: ['vbankIssued', 'awaiting_deposit'], paid: ['success', 'paid'], failed: ['failed', 'failed'], cancelled: ['cancelled', 'cancelled'] },
  paid: { ready: ['success', null], paid: ['success', null], failed: ['success', null], cancelled: ['cancelled', 'cancelled'] },
  partially_cancelled: { ready: ['cancelled', null], paid: ['cancelled', null], failed: ['cancelled', null], cancelled: ['cancelled', 'cancelled'] },
  cancelled: { ready: ['cancelled', null], paid: ['cancelled', null], failed: ['cancelled', null], cancelled: ['cancelled', null] },
};

for (const state of ORDER_STATES) {
  for (const status of STATUSES) {
    t.test(`${state} × ${status} × amount matches`, async (t) => {
      const decision = decidePaymentOutcome(order(state), payment(status, 10000), config);
      const [outcome, next] = EXPECTED[state][status];
      t.equal(decision.outcome, outcome);
      t.equal(decision.change?.status ?? null, next);
      t.equal(decision.events.length > 0, next !== null, 'an event exactly when the state changes');
      t.equal(decision.cancel, null, 'the order\'s own payment is never auto-cancelled');
    });

    t.test(`${state} × ${status} × amount differs`, async (t) => {
      const decision = decidePaymentOutcome(order(state), payment(status, 100, 'imp_B'), config);
      const settled = ['paid', 'partially_cancelled', 'cancelled'].includes(state);
      if (!settled && status !== 'failed') {
        t.equal(decision.outcome, 'forgery');
        t.equal(decision.change, null, 'the order is untouched');
        t.same(decision.events.map((e) => e.type), ['payment.forgery_detected']);
        if (status !== 'cancelled') t.equal(decision.cancel?.amount, 100, 'refund what was actually paid');
      }
      if (settled && status === 'paid') {
        t.equal(decision.outcome, 'duplicate');
        t.equal(decision.cancel?.event?.type, 'payment.duplicate_cancelled');
      }
      t.not(decision.change?.status, 'paid', 'a mismatching amount never pays an order');
    });
  }
}

t.test('AUTO_CANCEL_FORGERY=false detects but does not refund', async (t) => {
  const decision = decidePaymentOutcome(order('pending'), payment('paid', 100), { autoCancelForgery: false });
  t.equal(decision.outcome, 'forgery');
  t.equal(decision.cancel, null);
});

t.test('currency mismatch is a forgery', async (t) => {
  const decision = decidePaymentOutcome(order('pending'), { ...payment('paid', 10000), currency: 'USD' }, config);
  t.equal(decision.outcome, 'forgery');
});

t.test('a card window opened but not paid (ready without a virtual account) changes nothing', async (t) => {
  const decision = decidePaymentOutcome(order('pending'), { ...payment('ready', 10000), pay_method: 'card', vbank_num: null }, config);
  t.equal(decision.outcome, 'notCompleted');
  t.equal(decision.change, null);
});

t.test('a virtual account closed before deposit fails the order instead of paying it', async (t) => {
  const decision = decidePaymentOutcome(order('awaiting_deposit'), { ...payment('cancelled', 10000), cancel_amount: 0 }, config);
  t.equal(decision.change?.status, 'failed');
});

t.test('a stale ready of a virtual account already closed does not reopen the order', async (t) => {
  const decision = decidePaymentOutcome(order('failed', 'imp_A'), payment('ready', 10000), config);
  t.equal(decision.change, null);
  t.same(decision.events, []);
  t.equal(decision.outcome, 'failed');
});

t.test('paying or re-issuing while another virtual account is open closes that account; its own deposit closes nothing', async (t) => {
  t.equal(decidePaymentOutcome(order('awaiting_deposit', 'imp_A'), payment('paid', 10000, 'imp_B'), config).closeVbank, 'imp_A');
  t.equal(decidePaymentOutcome(order('awaiting_deposit', 'imp_A'), payment('ready', 10000, 'imp_B'), config).closeVbank, 'imp_A');
  t.equal(decidePaymentOutcome(order('awaiting_deposit', 'imp_A'), payment('paid', 10000, 'imp_A'), config).closeVbank, undefined);
  t.equal(decidePaymentOutcome(order('awaiting_deposit', 'imp_A'), payment('failed', 10000, 'imp_B'), config).closeVbank, undefined);
});
