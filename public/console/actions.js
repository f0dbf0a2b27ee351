// Actions that change money go through the existing internal endpoints (POST /orders/{id}/sync and /cancel), each
// behind a confirmation. A refund carries an Idempotency-Key made once per confirmed action: a double click, or a
// retry after a lost answer, sends the same key with the same body, and the service refunds once.
import { api } from './api.js';
import { $, h, replace, won } from './dom.js';
import { orderStatus } from './labels.js';

let action = null;

/** Works outside a secure context too (an internal http:// host), where crypto.randomUUID is missing. */
function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `console-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function openDialog(spec) {
  action = { spec, sent: null };
  $('confirm-title').textContent = spec.title;
  replace($('confirm-body'), spec.body);
  $('confirm-error').textContent = '';
  $('confirm-ok').textContent = spec.confirmLabel;
  $('confirm-ok').disabled = false;
  $('confirm').showModal();
}

async function confirmAction(event) {
  event.preventDefault();
  const ok = $('confirm-ok');
  if (!action || ok.disabled) return;
  let body;
  try {
    body = action.spec.request();
  } catch (error) {
    $('confirm-error').textContent = error.message;
    return;
  }
  const json = JSON.stringify(body);
  if (!action.sent || action.sent.json !== json) action.sent = { json, key: newKey() };
  const current = action;
  ok.disabled = true;
  ok.textContent = 'Working…';
  $('confirm-error').textContent = '';
  try {
    const result = await current.spec.send(body, current.sent.key);
    action = null;
    $('confirm').close();
    current.spec.done(result);
  } catch (error) {
    $('confirm-error').textContent = error.message;
    ok.textContent = 'Retry';
    ok.disabled = false;
  }
}

export function installDialog() {
  $('confirm-form').addEventListener('submit', confirmAction);
  $('confirm-cancel').addEventListener('click', () => $('confirm').close());
  $('confirm').addEventListener('close', () => (action = null));
}

export function confirmSync(order, onDone) {
  openDialog({
    title: `Sync ${order.merchant_uid} with i'mport?`,
    body: [h('p', {}, "Fetches every payment i'mport has for this order now and applies it, as the sweeper does.")],
    confirmLabel: 'Sync now',
    request: () => null,
    send: () => api.sync(order.merchant_uid),
    done: (result) => onDone(`Synced with i'mport: the order is ${orderStatus(result.status)}.`),
  });
}

const field = (label, input) => h('label', {}, h('span', {}, label), input);

export function confirmRefund(order, onDone) {
  const remaining = order.paid_amount - order.cancelled_amount;
  const amount = h('input', { id: 'refund-amount', type: 'number', min: 1, max: remaining, step: 1, value: remaining, required: true });
  const reason = h('input', { id: 'refund-reason', maxlength: 500, required: true, placeholder: 'e.g. the customer returned one item' });
  const account = order.pay_method === 'vbank'
    ? ['holder', 'bank', 'account'].map((name) => h('input', { id: `refund-${name}`, maxlength: 50, 'data-field': `refund_${name}` }))
    : [];
  openDialog({
    title: `Refund ${order.merchant_uid}`,
    body: [
      h('p', {}, `Paid ${won(order.paid_amount)}, refunded so far ${won(order.cancelled_amount)}: up to ${won(remaining)} can be refunded.`),
      field('Amount (₩)', amount),
      field('Reason (sent to i\'mport)', reason),
      account.length ? h('p', { class: 'muted' }, "A deposited virtual account is refunded to the buyer's bank account:") : null,
      account.map((input) => field(input.dataset.field.replace('refund_', 'Refund '), input)),
    ],
    confirmLabel: 'Refund',
    request: () => refundBody(amount.value, reason.value, remaining, account),
    send: (body, key) => api.refund(order.merchant_uid, body, key),
    done: (result) => onDone(`Refunded. The order is ${orderStatus(result.status)}: ${won(result.cancelled_amount)} refunded of ${won(result.paid_amount)}.`),
  });
}

function refundBody(amountText, reasonText, remaining, account) {
  const amount = Number(amountText);
  if (!Number.isInteger(amount) || amount < 1 || amount > remaining) throw new Error(`The amount must be a whole number of won from 1 to ${remaining.toLocaleString('ko-KR')}.`);
  const reason = reasonText.trim();
  if (!reason) throw new Error('Give a reason: i\'mport records it with the refund.');
  const body = { amount, reason };
  for (const input of account) if (input.value.trim()) body[input.dataset.field] = input.value.trim();
  return body;
}
