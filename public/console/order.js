// One order: what it is, the money in one paragraph, the actions, and the timeline of everything that happened.
import { confirmRefund, confirmSync } from './actions.js';
import { api } from './api.js';
import { $, badge, focusOn, h, replace, when, won } from './dom.js';
import { method, orderStatus, paymentRef } from './labels.js';
import { shell } from './shell.js';
import { moneySummary, timelineList } from './timeline.js';

const fact = (label, value) => [h('dt', {}, label), h('dd', {}, value ?? h('span', { class: 'muted' }, '—'))];

function facts(order) {
  const buyer = Object.entries(order.buyer ?? {}).map(([key, value]) => `${key}: ${value}`).join(' · ');
  return h(
    'dl',
    { id: 'order-facts' },
    fact('merchant_uid', h('span', { class: 'mono', id: 'order-merchant-uid' }, order.merchant_uid)),
    fact('Amount', won(order.amount)),
    fact('Paid', h('span', { id: 'order-paid' }, won(order.paid_amount))),
    fact('Refunded', h('span', { id: 'order-refunded' }, won(order.cancelled_amount))),
    fact('Accepted payment', paymentRef(order) && h('span', { class: 'mono' }, `${paymentRef(order)} (${method(order.pay_method)}${order.pg_provider ? `, ${order.pg_provider}` : ''})`)),
    fact('Virtual account', order.vbank && [`${order.vbank.bank_name} ${order.vbank.num}, due `, when(order.vbank.due_at)]),
    fact('Buyer', buyer || null),
    fact('Created', when(order.created_at)),
    fact('Last change', when(order.updated_at)),
  );
}

/** The order's state: its status, and "money held" while any of its money waits for a person. */
function title(order, held) {
  return h(
    'div',
    { class: 'title' },
    h('h1', { id: 'order-name' }, order.name),
    badge(orderStatus(order.status), held > 0 ? 'muted-status' : order.status),
    held > 0 ? h('span', { id: 'money-held', class: 'badge badge-held' }, `돈 보류 money held: ${won(held)}`) : null,
  );
}

function render(view, timeline, message) {
  const { order } = timeline;
  const refundable = order.paid_amount - order.cancelled_amount;
  const reload = (text, failed) => showOrder(view, order.merchant_uid, { text, failed });
  const buttons = h(
    'div',
    { class: 'actions' },
    h('button', { type: 'button', id: 'sync-button', onclick: () => confirmSync(order, reload) }, "Sync with i'mport"),
    refundable > 0 ? h('button', { type: 'button', id: 'refund-button', class: 'danger', onclick: () => confirmRefund(order, reload).catch((error) => reload(error.message, true)) }, 'Refund…') : null,
  );
  document.title = `${order.merchant_uid} · Console`;
  const result = h('p', { id: 'action-result', role: 'status', class: message ? (message.failed ? 'result failed' : 'result') : '' }, message?.text ?? '');
  replace(
    view,
    h('p', {}, h('a', { href: '#/orders' }, '← Orders')),
    h('section', { class: 'card' }, title(order, timeline.money_held), facts(order), moneySummary(timeline), buttons, result),
    h('section', { class: 'card' }, h('h2', {}, 'Timeline 이력'), timelineList(timeline, { onDone: reload, push: shell.push })),
  );
  return result;
}

/** `message`: the answer of an action just taken, shown in place and given focus. */
export async function showOrder(view, merchantUid, message) {
  const timeline = await api.timeline(merchantUid);
  // an action's answer may land after the operator moved on: only redraw the order still on screen
  if (message && $('order-merchant-uid')?.textContent !== merchantUid) return;
  const result = render(view, timeline, message);
  if (message) {
    focusOn(result);
    shell.refreshCount();
  }
}
