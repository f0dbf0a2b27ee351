// One order's story, oldest first: each entry as a line of text with its details, i'mport's receipt where it gave one
// (an http(s) link, opened without a referrer), what a refund still needs and the action that finishes it, each event's
// payload and each webhook's body on request, and who did what.
import { confirmResendEvent } from './actions.js';
import { api } from './api.js';
import { badge, h, kstTime, safeLink, when, won } from './dom.js';
import { finishButton, isFinishable } from './finish.js';
import { method, paymentRef, psp, refundReason, refundState, role } from './labels.js';

const receipt = (url) => {
  const href = safeLink(url);
  return href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer', class: 'receipt' }, "i'mport receipt ↗") : null;
};

const details = (...parts) => h('p', { class: 'details' }, parts.filter(Boolean).join(' · '));

/** JSON shown as text in a collapsed block; `load` fetches it on first opening. */
function payload(label, value, load) {
  const pre = h('pre', { class: 'payload' }, value === undefined ? 'Loading…' : JSON.stringify(value, null, 2));
  const block = h('details', { class: 'payload-block' }, h('summary', {}, label), pre);
  if (load) {
    block.addEventListener('toggle', () => {
      if (!block.open || block.dataset.loaded) return;
      block.dataset.loaded = 'yes';
      load().then((loaded) => (pre.textContent = JSON.stringify(loaded, null, 2)), (error) => (pre.textContent = error.message));
    });
  }
  return block;
}

function payment(entry) {
  const p = entry.payment;
  return [
    h('b', {}, `${psp(p.provider)} reported ${paymentRef(p)}: ${method(p.pay_method)} ${won(p.amount)}, ${p.status}`),
    ' ',
    badge(p.role, `role-${p.role}`),
    details(
      role(p.role),
      p.cancel_amount ? `${won(p.cancel_amount)} cancelled at i'mport` : null,
      p.paid_at && `paid ${kstTime(p.paid_at)}`,
      p.fail_reason && `failed: ${p.fail_reason}`,
      p.pg_provider,
      p.sandbox ? 'test channel (no real money)' : null,
    ),
    receipt(p.receipt_url),
  ];
}

function refund(entry, ctx) {
  const r = entry.refund;
  const what = r.kind === 'revoke' ? `Close virtual account ${paymentRef(r)}` : `Refund ${won(r.amount)} of ${paymentRef(r)}`;
  const paidWith = ctx.payments.get(paymentRef(r)) ?? {};
  return [
    h('b', {}, `${what} (${refundReason(r.reason)})`),
    ' ',
    badge(r.state, `refund-${r.state}`),
    details(
      refundState(r.state),
      r.actor ? `by ${r.actor}` : 'by the service',
      r.note && `reason: ${r.note}`,
      r.completed_at && `completed ${kstTime(r.completed_at)}`,
      r.attempts > 1 ? `${r.attempts} attempts` : null,
    ),
    r.last_error && r.state !== 'done' ? h('p', { class: 'details error-text' }, `last error: ${r.last_error}`) : null,
    isFinishable(r) ? finishButton({ ...r }, paidWith, ctx.onDone) : null,
  ];
}

function webhook(entry) {
  const w = entry.receipt;
  const ok = !/^(unavailable|error|rejected)/.test(w.outcome);
  return [
    h('b', {}, `Webhook from ${w.source_ip}: ${w.imp_uid ?? '?'} said "${w.status ?? '?'}"`),
    ' ',
    badge(w.outcome, ok ? 'ok' : 'bad'),
    details(w.outcome === 'unavailable' ? "answered 503: i'mport was unreachable, i'mport sends it again" : null),
    payload('Body as received', undefined, async () => (await api.receipt(w.id)).body),
  ];
}

function event(entry, ctx) {
  return [
    h('b', {}, `Event ${entry.type}`),
    details(`#${entry.id}`),
    payload('Payload', { id: entry.id, type: entry.type, data: entry.data }),
    ctx.push ? h('button', { type: 'button', class: 'secondary small', onclick: () => confirmResendEvent(entry, ctx.onDone) }, 'Push again…') : null,
  ];
}

const ACTIONS = {
  sync: (e) => `Synced with i'mport by ${e.actor}${e.detail.status ? `: the order was ${e.detail.status}` : ''}`,
  resend: (e) => `Event #${e.subject} pushed again by ${e.actor}`,
  refund_retry: (e) => `Refund ${e.subject} carried out again by ${e.actor}: ${e.detail.state ?? '?'}${e.detail.refund_bank ? ` (to bank ${e.detail.refund_bank}, account …${e.detail.account_last4})` : ''}`,
};

const RENDER = {
  created: (e) => [h('b', {}, `Order created: ${won(e.amount)}, "${e.name}"`)],
  payment,
  psp_cancel: (e) => [
    h('b', {}, `${psp(e.provider)} ${e.status === 'succeeded' ? 'cancelled' : e.status === 'requested' ? 'will cancel (requested)' : 'failed to cancel'} ${won(e.amount)} of ${e.source_id}`),
    details(e.reason && `reason: ${e.reason}`),
    receipt(e.receipt_url),
  ],
  webhook,
  refund,
  event,
  operator: (e) => [h('b', {}, ACTIONS[e.action]?.(e) ?? `${e.action} by ${e.actor}`)],
};

/** ctx: { onDone(message), push: whether events are pushed }. */
export function timelineList(timeline, ctx) {
  const payments = new Map(timeline.items.filter((e) => e.kind === 'payment').map((e) => [paymentRef(e.payment), e.payment]));
  const full = { ...ctx, payments };
  const items = timeline.items.map((entry) =>
    h('li', { class: `entry entry-${entry.kind}`, 'data-kind': entry.kind }, h('div', { class: 'when' }, when(entry.at)), h('div', { class: 'what' }, RENDER[entry.kind]?.(entry, full) ?? entry.kind)),
  );
  const omitted = timeline.webhooks_omitted ? h('p', { class: 'muted' }, `${timeline.webhooks_omitted} older webhook deliveries are not shown.`) : null;
  return [h('ol', { id: 'timeline' }, items), omitted];
}

/**
 * The answer to "did they pay twice?": every payment i'mport holds money for, what went back, what is kept, and what
 * is still owed or waits for a person.
 */
export function moneySummary(timeline) {
  const payments = timeline.items.filter((e) => e.kind === 'payment').map((e) => e.payment);
  const withMoney = payments.filter((p) => p.status === 'paid' || (p.status === 'cancelled' && p.cancel_amount > 0));
  const received = withMoney.reduce((sum, p) => sum + p.amount, 0);
  const returned = withMoney.reduce((sum, p) => sum + p.cancel_amount, 0);
  const open = timeline.items.filter((e) => e.kind === 'refund' && (e.refund.state === 'pending' || e.refund.state === 'needs_operator'));
  const lines = [
    `${withMoney.length} payment${withMoney.length === 1 ? '' : 's'} with money at i'mport (${payments.length} reported in all): ${won(received)} received, ${won(returned)} returned, ${won(received - returned)} kept.`,
    ...withMoney.filter((p) => p.role !== 'accepted').map((p) => `${paymentRef(p)} is a ${p.role} payment: ${p.amount - p.cancel_amount > 0 ? `${won(p.amount - p.cancel_amount)} not yet returned` : 'fully returned'}.`),
    ...open.map((e) => `Refund of ${won(e.refund.amount)} (${paymentRef(e.refund)}) ${refundState(e.refund.state, 'sentence')}.`),
    timeline.money_held > 0 ? `${won(timeline.money_held)} is held until a person finishes its refund (see the timeline below).` : null,
  ];
  const warn = open.length > 0 || withMoney.some((p) => p.role !== 'accepted' && p.amount > p.cancel_amount);
  return h('div', { id: 'money-summary', class: warn ? 'summary warn' : 'summary' }, lines.filter(Boolean).map((line) => h('p', {}, line)));
}
