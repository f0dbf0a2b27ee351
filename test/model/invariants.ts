import type { IamportPayment } from '../../src/providers/iamport/schemas.js';
import type { Order, Payment, Refund } from '../../src/views/orders.js';
import { brokenLedger } from './ledger.js';
import type { Ledger, ModelOrder, World } from './world.js';

/**
 * What must hold for every order once the faults are gone and the sweeper has run, checked against i'mport's own
 * record of the order's payments. Returns the broken promises, in words.
 */
export async function brokenPromises(world: World, ledger: Ledger, modelOrder: ModelOrder): Promise<string[]> {
  const { service } = world;
  const iamport = await service.iamport.findAllPayments(modelOrder.merchantUid);
  const order = (await service.api('GET', `/orders/${modelOrder.merchantUid}`)).body as Order;
  const ours = ((await service.api('GET', `/orders/${modelOrder.merchantUid}/payments`)).body as { items: Payment[] }).items;
  const events = await service.database.db.selectFrom('order_events').select(['type', 'data']).where('merchant_uid', '=', order.merchant_uid).orderBy('id').execute();
  return [
    ...stateIsWhatIamportImplies(order, iamport),
    ...unwantedSourcesClosed(order, iamport, ours, events),
    ...eventsReplayToState(order, events as Array<{ type: string; data: Order }>),
    ...noRefundExceedsPayment(iamport, ours),
    ...newestAccountWins(order, iamport, ours),
    ...(await brokenLedger(world, ledger, order.merchant_uid, iamport)),
  ].map((problem) => `${order.merchant_uid}: ${problem}`);
}

/** The world runs in live mode: a test-channel payment is not real money. */
const valid = (order: Order, p: IamportPayment) => p.amount === order.amount && p.currency === 'KRW' && !p.sandbox;
const hasMoney = (p: IamportPayment) => p.status === 'paid' || (p.status === 'cancelled' && p.cancel_amount > 0);
const balance = (p: IamportPayment) => p.amount - p.cancel_amount;

function stateIsWhatIamportImplies(order: Order, iamport: IamportPayment[]): string[] {
  const settled = ['paid', 'partially_cancelled', 'cancelled'].includes(order.status);
  if (!settled) {
    const paid = iamport.find((p) => valid(order, p) && hasMoney(p));
    const problems = paid ? [`is ${order.status} though i'mport holds a valid payment ${paid.imp_uid} (${paid.status})`] : [];
    if (order.status === 'awaiting_deposit') {
      const current = iamport.find((p) => p.imp_uid === order.imp_uid);
      if (current?.status !== 'ready' || current.pay_method !== 'vbank' || !valid(order, current)) problems.push(`awaits a deposit into ${order.imp_uid}, which is not an open account of the order`);
    }
    if (order.status === 'pending' && iamport.some((p) => valid(order, p) && p.status === 'failed')) problems.push('is pending though an attempt failed');
    return problems;
  }
  const accepted = iamport.find((p) => p.imp_uid === order.imp_uid);
  if (!accepted || !valid(order, accepted) || !hasMoney(accepted)) return [`is ${order.status} on ${order.imp_uid}, which is not a valid paid payment at i'mport`];
  const status = accepted.cancel_amount === 0 ? 'paid' : accepted.cancel_amount >= accepted.amount ? 'cancelled' : 'partially_cancelled';
  const problems: string[] = [];
  if (order.status !== status) problems.push(`is ${order.status}, i'mport's payment implies ${status}`);
  if (order.paid_amount !== accepted.amount || order.cancelled_amount !== accepted.cancel_amount) {
    problems.push(`holds paid ${order.paid_amount} / cancelled ${order.cancelled_amount}, i'mport ${accepted.amount} / ${accepted.cancel_amount}`);
  }
  return problems;
}

/** Every payment source but the accepted one: refunded, closed, or left to a person with its event. */
function unwantedSourcesClosed(order: Order, iamport: IamportPayment[], ours: Payment[], events: Array<{ type: string; data: unknown }>): string[] {
  const problems: string[] = [];
  for (const p of iamport) {
    if (p.imp_uid === order.imp_uid) continue;
    const mine = ours.find((payment) => payment.imp_uid === p.imp_uid);
    const surfaced = mine?.refund?.state === 'needs_operator' && events.some((e) => e.type === 'payment.refund_failed' && (e.data as { payment?: { imp_uid: string } }).payment?.imp_uid === p.imp_uid);
    if (hasMoney(p) && balance(p) > 0 && !surfaced) problems.push(`${p.imp_uid} still holds ${balance(p)} (${mine?.role ?? 'never seen'}, refund ${mine?.refund?.state ?? 'none'})`);
    const revokeRefused = mine?.refunds.some((r) => r.kind === 'revoke' && r.state === 'failed');
    if (p.status === 'ready' && p.pay_method === 'vbank' && !revokeRefused) problems.push(`${p.imp_uid} is an account left open (${mine?.role ?? 'never seen'})`);
  }
  return problems;
}

const face = (o: Pick<Order, 'status' | 'imp_uid' | 'paid_amount' | 'cancelled_amount'>) => `${o.status}|${o.imp_uid}|${o.paid_amount}|${o.cancelled_amount}`;

/** The order.* events replay to the order as it is: none missing (the last is the state), none twice (each a change). */
function eventsReplayToState(order: Order, events: Array<{ type: string; data: Order }>): string[] {
  const changes = events.filter((e) => e.type.startsWith('order.') && e.type !== 'order.created');
  const problems: string[] = [];
  if (events[0]?.type !== 'order.created') problems.push('does not begin with order.created');
  if (events.filter((e) => e.type === 'order.created').length !== 1) problems.push('has order.created more than once');
  let previous = 'pending|null|0|0';
  for (const event of changes) {
    if (event.type !== `order.${event.data.status}`) problems.push(`${event.type} carries an order ${event.data.status}`);
    if (face(event.data) === previous) problems.push(`${event.type} repeats the state before it (${previous})`);
    previous = face(event.data);
  }
  if (previous !== face(order)) problems.push(`events replay to ${previous}, the order is ${face(order)}`);
  const awaited = changes.filter((e) => e.type === 'order.awaiting_deposit').map((e) => e.data.imp_uid);
  const readopted = awaited.find((impUid, i) => i > 0 && awaited.slice(0, i - 1).includes(impUid) && awaited[i - 1] !== impUid);
  if (readopted) problems.push(`awaits ${readopted} again after it was replaced`);
  const cancelledAt = changes.findIndex((e) => e.type === 'order.cancelled');
  if (cancelledAt >= 0 && cancelledAt < changes.length - 1) problems.push(`changed after it was cancelled: ${changes.slice(cancelledAt + 1).map((e) => e.type).join(', ')}`);
  const forgeries = events.filter((e) => e.type === 'payment.forgery_detected').map((e) => (e.data as { payment?: { imp_uid: string } }).payment?.imp_uid);
  if (new Set(forgeries).size !== forgeries.length) problems.push('reports a forgery twice');
  return problems;
}

function noRefundExceedsPayment(iamport: IamportPayment[], ours: Payment[]): string[] {
  const problems: string[] = [];
  for (const p of iamport) {
    const refunded = (ours.find((payment) => payment.imp_uid === p.imp_uid)?.refunds ?? []).filter((r: Refund) => r.state === 'done').reduce((sum, r) => sum + r.amount, 0);
    if (refunded > p.amount) problems.push(`${p.imp_uid}: the service refunded ${refunded} of ${p.amount}`);
    if (p.cancel_amount > p.amount) problems.push(`${p.imp_uid}: i'mport shows ${p.cancel_amount} cancelled of ${p.amount}`);
  }
  return problems;
}

/**
 * Of several virtual accounts the newest wins (i'mport's issue time): an order awaiting a deposit into one never has a
 * valid account issued later that is still open or that the service closed.
 */
function newestAccountWins(order: Order, iamport: IamportPayment[], ours: Payment[]): string[] {
  if (order.status !== 'awaiting_deposit') return [];
  const current = iamport.find((p) => p.imp_uid === order.imp_uid);
  const issued = (p: IamportPayment | undefined) => p?.vbank_issued_at ?? 0;
  const closedByUs = (p: IamportPayment) => ours.find((o) => o.imp_uid === p.imp_uid)?.refunds.some((r) => r.kind === 'revoke' && r.state === 'done');
  return iamport
    .filter((p) => p !== current && valid(order, p) && p.pay_method === 'vbank' && !hasMoney(p) && issued(p) > issued(current))
    .filter((p) => p.status === 'ready' || closedByUs(p))
    .map((p) => `awaits ${order.imp_uid} though ${p.imp_uid}, issued later, is ${p.status === 'ready' ? 'open' : 'closed by the service'}`);
}

/** No answer was a 5xx, except a 503 while i'mport was faulted. */
export function badAnswers(world: World): string[] {
  return world.answers.filter((a) => a.status >= 500 && !(a.status === 503 && a.faulted)).map((a) => `${a.what} answered ${a.status}`);
}
