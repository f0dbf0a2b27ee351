// The actions on an order and on failing pushes: sync with i'mport, refund (part of) the order's payment, push events
// again. Each behind a confirmation (dialog.js); each answer is shown in place by `onDone(message)`.
import { accountFields } from './account.js';
import { api } from './api.js';
import { openDialog } from './dialog.js';
import { h, won } from './dom.js';
import { field, validate } from './form.js';
import { orderStatus } from './labels.js';

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

/** A refund of the order's own payment; a deposited virtual account goes back to the buyer's bank account. */
export async function confirmRefund(order, onDone) {
  const remaining = order.paid_amount - order.cancelled_amount;
  const amount = h('input', { id: 'refund-amount', type: 'number', min: 1, max: remaining, step: 1, value: remaining, inputmode: 'numeric' });
  const reason = h('input', { id: 'refund-reason', maxlength: 500, placeholder: 'e.g. the customer returned one item' });
  const account = order.pay_method === 'vbank' ? await accountFields(order.pg_provider) : null;
  openDialog({
    title: `Refund ${order.merchant_uid}`,
    body: [
      h('p', {}, `Paid ${won(order.paid_amount)}, refunded so far ${won(order.cancelled_amount)}: up to ${won(remaining)} can be refunded.`),
      field('Amount (₩)', amount),
      field("Reason (sent to i'mport)", reason),
      account?.fields,
    ],
    confirmLabel: 'Refund',
    danger: true,
    focus: amount,
    validate: () =>
      validate([
        [amount, (value) => (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= remaining ? null : `The amount must be a whole number of won from 1 to ${remaining.toLocaleString('ko-KR')}.`)],
        [reason, (value) => (value ? null : "Give a reason: i'mport records it with the refund.")],
        ...(account?.rules ?? []),
      ]),
    request: () => ({ amount: Number(amount.value), reason: reason.value.trim(), ...account?.body() }),
    send: (body, key) => api.refund(order.merchant_uid, body, key),
    done: (result) => onDone(`Refunded. The order is ${orderStatus(result.status)}: ${won(result.cancelled_amount)} refunded of ${won(result.paid_amount)}.`),
  });
}

/** Every failing push to one endpoint, sent again now. */
export function confirmResendGroup(group, onDone) {
  const where = group.endpoint || 'an endpoint not recorded';
  openDialog({
    title: `Push ${group.failing} event${group.failing === 1 ? '' : 's'} again?`,
    body: [h('p', {}, `Sends every event that failed to reach ${where} to EVENT_WEBHOOK_URL now, with a fresh day of retries.`)],
    confirmLabel: 'Push again',
    request: () => ({ endpoint: group.endpoint }),
    send: (body) => api.resendFailing(body.endpoint),
    done: (result) => onDone(`${result.resent} event${result.resent === 1 ? '' : 's'} queued to be pushed again.`),
  });
}

/** One event pushed again, whatever became of its delivery. */
export function confirmResendEvent(event, onDone) {
  openDialog({
    title: `Push event #${event.id} again?`,
    body: [h('p', {}, `Sends ${event.type} to EVENT_WEBHOOK_URL again now, even if it was delivered.`)],
    confirmLabel: 'Push again',
    request: () => null,
    send: () => api.resendEvent(event.id),
    done: () => onDone(`Event #${event.id} queued to be pushed again.`),
  });
}
