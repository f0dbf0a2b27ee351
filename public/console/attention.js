// What a person should look at: refunds i'mport refused, money held that is not its order's payment, event pushes
// that fail, and i'mport's webhooks we answered with an error in the last hour.
import { api } from './api.js';
import { h, orderLink, replace, when, won } from './dom.js';
import { method, orderStatus, refundReason, role } from './labels.js';

function table(id, columns, rows, empty) {
  if (!rows.length) return h('p', { id, class: 'muted' }, empty);
  return h('table', { id }, h('thead', {}, h('tr', {}, columns.map((c) => h('th', {}, c)))), h('tbody', {}, rows));
}

const cells = (...values) => h('tr', {}, values.map((value) => h('td', {}, value ?? '—')));

function refundsSection(refunds) {
  const rows = refunds.map((r) => cells(when(r.created_at), orderLink(r.merchant_uid), h('span', { class: 'mono' }, r.imp_uid), refundReason(r.reason), won(r.amount), r.last_error));
  return [
    h('h2', {}, "Refunds i'mport refused 환불 실패"),
    h('p', { class: 'muted' }, "Finish each at i'mport's console (a deposited virtual account needs the buyer's bank account), then open the order and Sync: the refund is then marked done."),
    table('needs-operator', ['Since', 'Order', 'Payment', 'Why refunded', 'Amount', "i'mport said"], rows, 'None.'),
  ];
}

function heldSection(held) {
  const rows = held.map((p) => cells(when(p.updated_at), orderLink(p.merchant_uid), orderStatus(p.order_status), h('span', { class: 'mono' }, p.imp_uid), role(p.role), method(p.pay_method), won(p.amount - p.cancel_amount)));
  return [
    h('h2', {}, "Paid at i'mport, not this order's payment"),
    h('p', { class: 'muted' }, 'Money held until it is refunded: normally for seconds, while the automatic refund runs.'),
    table('paid-not-settled', ['Seen', 'Order', 'Order status', 'Payment', 'Role', 'Method', 'Held'], rows, 'None.'),
  ];
}

function deliveriesSection(deliveries) {
  const rows = deliveries.map((d) => cells(when(d.last_attempt_at), orderLink(d.merchant_uid), d.type, String(d.attempts), d.last_status_code ? `HTTP ${d.last_status_code}` : d.last_error, d.gave_up_at ? 'given up' : 'retrying'));
  return [h('h2', {}, 'Event pushes failing'), table('failing-deliveries', ['Last attempt', 'Order', 'Event', 'Attempts', 'Last answer', 'State'], rows, 'None.')];
}

function webhooksSection(webhooks) {
  const rows = webhooks.map((w) => cells(when(w.received_at), w.merchant_uid ? orderLink(w.merchant_uid) : null, w.imp_uid, w.source_ip, w.outcome === 'unavailable' ? "503: i'mport unreachable" : '500: error'));
  return [h('h2', {}, "Webhooks answered 5xx in the last hour"), table('failed-webhooks', ['Received', 'Order', 'Payment', 'From', 'Answer'], rows, 'None.')];
}

export async function showAttention(view) {
  const [refunds, attention] = await Promise.all([api.refundsNeedingOperator(), api.attention()]);
  document.title = 'Needs attention · Console';
  replace(
    view,
    h('section', { class: 'card' }, refundsSection(refunds.items)),
    h('section', { class: 'card' }, heldSection(attention.paid_not_settled)),
    h('section', { class: 'card' }, deliveriesSection(attention.failing_deliveries)),
    h('section', { class: 'card' }, webhooksSection(attention.failed_webhooks)),
  );
}
