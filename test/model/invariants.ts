import { PSP_NAME } from '../../src/settlement/model.js';
import type { Order, Payment, Refund } from '../../src/views/orders.js';
import { brokenLedger } from './ledger.js';
import type { Fact } from './psp/driver.js';
import type { Ledger, ModelOrder, World } from './world.js';

/**
 * What must hold for every order once the faults are gone and the sweeper has run, checked against the PSP's own
 * record of the order's payment sources (read by the model's driver, in the core's terms). Returns the broken
 * promises, in words.
 */
export async function brokenPromises(world: World, ledger: Ledger, modelOrder: ModelOrder): Promise<string[]> {
  const { service } = world;
  const psp = await world.psp.record(modelOrder.merchantUid);
  const order = (await service.api('GET', `/orders/${modelOrder.merchantUid}`)).body as Order;
  const ours = ((await service.api('GET', `/orders/${modelOrder.merchantUid}/payments`)).body as { items: Payment[] }).items;
  const events = await service.database.db.selectFrom('order_events').select(['type', 'data']).where('merchant_uid', '=', order.merchant_uid).orderBy('id').execute();
  const name = PSP_NAME[world.psp.provider];
  return [
    ...stateIsWhatPspImplies(order, psp, name),
    ...unwantedSourcesClosed(order, psp, ours, events, world.psp.oneSuccessPerOrder),
    ...eventsReplayToState(order, events as Array<{ type: string; data: Order }>),
    ...noRefundExceedsPayment(psp, ours, name),
    ...newestAccountWins(order, psp, ours),
    ...(await brokenLedger(world, ledger, order.merchant_uid, psp)),
  ].map((problem) => `${order.merchant_uid}: ${problem}`);
}

/** The payment source a view names: V1 its imp_uid, V2 its transaction_id. */
export const sourceOf = (o: { imp_uid: string | null; transaction_id: string | null } | undefined) => o?.imp_uid ?? o?.transaction_id ?? null;
/** The world runs in live mode: a test-channel payment is not real money. */
const valid = (order: Order, p: Fact) => p.amount === order.amount && p.currency === 'KRW' && !p.test;
const hasMoney = (p: Fact) => p.status === 'paid' || (p.status === 'cancelled' && p.cancel_amount > 0);
const isOpenAccount = (p: Fact) => p.status === 'ready' && p.method === 'vbank';
const balance = (p: Fact) => p.amount - p.cancel_amount;

function stateIsWhatPspImplies(order: Order, psp: Fact[], name: string): string[] {
  const accepted = sourceOf(order);
  const settled = ['paid', 'partially_cancelled', 'cancelled'].includes(order.status);
  if (!settled) {
    const paid = psp.find((p) => valid(order, p) && hasMoney(p));
    const problems = paid ? [`is ${order.status} though ${name} holds a valid payment ${paid.source_id} (${paid.status})`] : [];
    if (order.status === 'awaiting_deposit') {
      const current = psp.find((p) => p.source_id === accepted);
      if (!current || !isOpenAccount(current) || !valid(order, current)) problems.push(`awaits a deposit into ${accepted}, which is not an open account of the order`);
    }
    if (order.status === 'pending' && psp.some((p) => valid(order, p) && p.status === 'failed')) problems.push('is pending though an attempt failed');
    return problems;
  }
  const p = psp.find((fact) => fact.source_id === accepted);
  if (!p || !valid(order, p) || !hasMoney(p)) return [`is ${order.status} on ${accepted}, which is not a valid paid payment at ${name}`];
  const status = p.cancel_amount === 0 ? 'paid' : p.cancel_amount >= p.amount ? 'cancelled' : 'partially_cancelled';
  const problems: string[] = [];
  if (order.status !== status) problems.push(`is ${order.status}, ${name}'s payment implies ${status}`);
  if (order.paid_amount !== p.amount || order.cancelled_amount !== p.cancel_amount) {
    problems.push(`holds paid ${order.paid_amount} / cancelled ${order.cancelled_amount}, ${name} ${p.amount} / ${p.cancel_amount}`);
  }
  return problems;
}

/**
 * Every payment source but the accepted one: refunded, closed, or left to a person with its event. An account the PSP
 * would not close (V2 closes only a payment's current account) may stay open when its refused close is on record, and
 * one that can no longer take a deposit (V2 lets one attempt of a payment succeed) may stay open as it is.
 */
function unwantedSourcesClosed(order: Order, psp: Fact[], ours: Payment[], events: Array<{ type: string; data: unknown }>, oneSuccess: boolean): string[] {
  const problems: string[] = [];
  const paidOnce = (p: Fact) => oneSuccess && psp.some((other) => other !== p && (other.status === 'paid' || other.status === 'cancelled'));
  for (const p of psp) {
    if (p.source_id === sourceOf(order)) continue;
    const mine = ours.find((payment) => sourceOf(payment) === p.source_id);
    const refundFailed = events.some((e) => e.type === 'payment.refund_failed' && sourceOf((e.data as { payment?: Payment }).payment) === p.source_id);
    const surfaced = mine?.refund?.state === 'needs_operator' && refundFailed;
    if (hasMoney(p) && balance(p) > 0 && !surfaced) problems.push(`${p.source_id} still holds ${balance(p)} (${mine?.role ?? 'never seen'}, refund ${mine?.refund?.state ?? 'none'})`);
    const closeRefused = mine?.refunds.some((r) => r.kind === 'revoke' && r.state === 'failed' && r.last_error !== null);
    if (isOpenAccount(p) && !closeRefused && !paidOnce(p)) problems.push(`${p.source_id} is an account left open (${mine?.role ?? 'never seen'})`);
  }
  return problems;
}

type Face = Pick<Order, 'status' | 'imp_uid' | 'transaction_id' | 'paid_amount' | 'cancelled_amount'>;
const face = (o: Face) => `${o.status}|${sourceOf(o)}|${o.paid_amount}|${o.cancelled_amount}`;

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
  const awaited = changes.filter((e) => e.type === 'order.awaiting_deposit').map((e) => sourceOf(e.data));
  const readopted = awaited.find((source, i) => i > 0 && awaited.slice(0, i - 1).includes(source) && awaited[i - 1] !== source);
  if (readopted) problems.push(`awaits ${readopted} again after it was replaced`);
  const cancelledAt = changes.findIndex((e) => e.type === 'order.cancelled');
  if (cancelledAt >= 0 && cancelledAt < changes.length - 1) problems.push(`changed after it was cancelled: ${changes.slice(cancelledAt + 1).map((e) => e.type).join(', ')}`);
  const forgeries = events.filter((e) => e.type === 'payment.forgery_detected').map((e) => sourceOf((e.data as { payment?: Payment }).payment));
  if (new Set(forgeries).size !== forgeries.length) problems.push('reports a forgery twice');
  return problems;
}

function noRefundExceedsPayment(psp: Fact[], ours: Payment[], name: string): string[] {
  const problems: string[] = [];
  for (const p of psp) {
    const refunded = (ours.find((payment) => sourceOf(payment) === p.source_id)?.refunds ?? []).filter((r: Refund) => r.state === 'done').reduce((sum, r) => sum + r.amount, 0);
    if (refunded > p.amount) problems.push(`${p.source_id}: the service refunded ${refunded} of ${p.amount}`);
    if (p.cancel_amount > p.amount) problems.push(`${p.source_id}: ${name} shows ${p.cancel_amount} cancelled of ${p.amount}`);
  }
  return problems;
}

/**
 * Of several virtual accounts the newest wins (the PSP's issue time): an order awaiting a deposit into one never has a
 * valid account issued later that is still open or that the service closed.
 */
function newestAccountWins(order: Order, psp: Fact[], ours: Payment[]): string[] {
  if (order.status !== 'awaiting_deposit') return [];
  const current = psp.find((p) => p.source_id === sourceOf(order));
  const issued = (p: Fact | undefined) => p?.issued_at ?? 0;
  const closedByUs = (p: Fact) => ours.find((o) => sourceOf(o) === p.source_id)?.refunds.some((r) => r.kind === 'revoke' && r.state === 'done');
  return psp
    .filter((p) => p !== current && valid(order, p) && p.method === 'vbank' && !hasMoney(p) && issued(p) > issued(current))
    .filter((p) => isOpenAccount(p) || closedByUs(p))
    .map((p) => `awaits ${sourceOf(order)} though ${p.source_id}, issued later, is ${isOpenAccount(p) ? 'open' : 'closed by the service'}`);
}

/**
 * No answer was a 5xx, except a 503 while the PSP was faulted or carried the refund asked for out later; no webhook the
 * PSP sent met an error.
 */
export async function badAnswers(world: World): Promise<string[]> {
  const excused = (a: World['answers'][number]) => a.status === 503 && (a.faulted || a.requestedAtPsp === true);
  const problems = world.answers.filter((a) => a.status >= 500 && !excused(a)).map((a) => `${a.what} answered ${a.status}`);
  const receipts = await world.service.database.db.selectFrom('webhook_receipts').select(['merchant_uid', 'status', 'outcome']).execute();
  for (const r of receipts.filter((r) => r.outcome === 'error' || r.outcome.startsWith('rejected_') || (r.outcome === 'unavailable' && !world.faulted))) {
    problems.push(`a webhook (${r.status}) for ${r.merchant_uid} met ${r.outcome}`);
  }
  return problems;
}
