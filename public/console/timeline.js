// One order's story, oldest first: each entry as a line of text with its details, and i'mport's receipt where it
// gave one (an http(s) link, opened without a referrer).
import { badge, h, localTime, safeLink, when, won } from './dom.js';
import { method, refundReason, refundState, role } from './labels.js';

const receipt = (url) => {
  const href = safeLink(url);
  return href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer', class: 'receipt' }, "i'mport receipt ↗") : null;
};

const details = (...parts) => h('p', { class: 'details' }, parts.filter(Boolean).join(' · '));

function payment(entry) {
  const p = entry.payment;
  const title = `i'mport reported ${p.imp_uid}: ${method(p.pay_method)} ${won(p.amount)}, ${p.status}`;
  return [
    h('b', {}, title),
    ' ',
    badge(p.role, `role-${p.role}`),
    details(
      role(p.role),
      p.cancel_amount ? `${won(p.cancel_amount)} cancelled at i'mport` : null,
      p.paid_at && `paid ${localTime(p.paid_at)}`,
      p.fail_reason && `failed: ${p.fail_reason}`,
      p.pg_provider,
      p.sandbox ? 'test channel (no real money)' : null,
    ),
    receipt(p.receipt_url),
  ];
}

function refund(entry) {
  const r = entry.refund;
  const what = r.kind === 'revoke' ? `Close virtual account ${r.imp_uid}` : `Refund ${won(r.amount)} of ${r.imp_uid}`;
  return [
    h('b', {}, `${what} (${refundReason(r.reason)})`),
    ' ',
    badge(r.state, `refund-${r.state}`),
    details(
      refundState(r.state),
      r.note && `reason: ${r.note}`,
      r.completed_at && `completed ${localTime(r.completed_at)}`,
      r.attempts > 1 ? `${r.attempts} attempts` : null,
    ),
    r.last_error ? h('p', { class: 'details error-text' }, `last error: ${r.last_error}`) : null,
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
  ];
}

const RENDER = {
  created: (e) => [h('b', {}, `Order created: ${won(e.amount)}, "${e.name}"`)],
  payment,
  iamport_cancel: (e) => [h('b', {}, `i'mport cancelled ${won(e.amount)} of ${e.imp_uid}`), details(e.reason && `reason: ${e.reason}`), receipt(e.receipt_url)],
  webhook,
  refund,
  event: (e) => [h('b', {}, `Event ${e.type}`), details(`#${e.id}`)],
};

export function timelineList(timeline) {
  const items = timeline.items.map((entry) =>
    h('li', { class: `entry entry-${entry.kind}`, 'data-kind': entry.kind }, h('div', { class: 'when' }, when(entry.at)), h('div', { class: 'what' }, RENDER[entry.kind]?.(entry) ?? entry.kind)),
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
    ...withMoney.filter((p) => p.role !== 'accepted').map((p) => `${p.imp_uid} is a ${p.role} payment: ${p.amount - p.cancel_amount > 0 ? `${won(p.amount - p.cancel_amount)} not yet returned` : 'fully returned'}.`),
    ...open.map((e) => `Refund of ${won(e.refund.amount)} (${e.refund.imp_uid}) is ${refundState(e.refund.state)}.`),
  ];
  const warn = open.length > 0 || withMoney.some((p) => p.role !== 'accepted' && p.amount > p.cancel_amount);
  return h('div', { id: 'money-summary', class: warn ? 'summary warn' : 'summary' }, lines.map((line) => h('p', {}, line)));
}
