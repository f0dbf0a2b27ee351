// Finishing a refund i'mport refused, from wherever it is shown (the order's timeline, Needs attention): the service
// re-reads the payment, then carries the same refund out again with the balance as it is now, so it never refunds
// twice. A deposited virtual account needs the buyer's bank account.
import { accountFields } from './account.js';
import { api } from './api.js';
import { openDialog } from './dialog.js';
import { h, won } from './dom.js';
import { validate } from './form.js';
import { paymentRef, refundReason } from './labels.js';

/** Whether a refund waits for a person to finish it. */
export const isFinishable = (refund) => refund.state === 'needs_operator' || (refund.state === 'failed' && refund.kind === 'cancel');

export const needsAccount = (refund, payMethod) => refund.kind === 'cancel' && payMethod === 'vbank';

/** The button that opens the dialog; `payment` is { pay_method, pg_provider } of the refund's payment. */
export const finishButton = (refund, payment, onDone) =>
  h('button', { type: 'button', class: 'finish', 'data-refund-id': refund.id, onclick: () => confirmFinish(refund, payment, onDone).catch((error) => onDone(error.message, true)) },
    needsAccount(refund, payment.pay_method) ? 'Refund to the buyer’s account…' : 'Retry refund…');

export async function confirmFinish(refund, payment, onDone) {
  const account = needsAccount(refund, payment.pay_method) ? await accountFields(payment.pg_provider) : null;
  const what = refund.kind === 'revoke' ? `Close the virtual account ${paymentRef(refund)}` : `Refund ${won(refund.amount)} of ${paymentRef(refund)}`;
  openDialog({
    title: `${what}?`,
    body: [
      h('p', {}, `${refundReason(refund.reason)}. i'mport said: ${refund.last_error ?? 'nothing'}.`),
      h('p', { class: 'muted' }, "The payment is read from i'mport first: if it was refunded meanwhile, nothing is sent again."),
      account?.fields,
    ],
    confirmLabel: account ? 'Refund to this account' : 'Retry now',
    danger: refund.kind === 'cancel',
    focus: account?.first,
    validate: () => (account ? validate(account.rules) : true),
    request: () => account?.body() ?? {},
    send: (body, key) => api.retryRefund(refund.id, body, key),
    done: (result) => onDone(`${what}: done. The order is ${result.order.status}.`),
  });
}
