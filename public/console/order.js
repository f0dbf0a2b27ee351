// One order: what it is, the money in one paragraph, the actions, and the timeline of everything that happened.
import { confirmRefund, confirmSync } from './actions.js';
import { api } from './api.js';
import { $, badge, h, replace, when, won } from './dom.js';
import { method, orderStatus } from './labels.js';
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
    fact('Accepted payment', order.imp_uid && h('span', { class: 'mono' }, `${order.imp_uid} (${method(order.pay_method)}${order.pg_provider ? `, ${order.pg_provider}` : ''})`)),
    fact('Virtual account', order.vbank && `${order.vbank.bank_name} ${order.vbank.num}, due ${order.vbank.due_at ?? '?'}`),
    fact('Buyer', buyer || null),
    fact('Created', when(order.created_at)),
    fact('Last change', when(order.updated_at)),
  );
}

function render(view, timeline, message) {
  const { order } = timeline;
  const refundable = order.paid_amount - order.cancelled_amount;
  const reload = (text) => showOrder(view, order.merchant_uid, text);
  const buttons = h(
    'div',
    { class: 'actions' },
    h('button', { type: 'button', id: 'sync-button', onclick: () => confirmSync(order, reload) }, "Sync with i'mport"),
    refundable > 0 ? h('button', { type: 'button', id: 'refund-button', class: 'danger', onclick: () => confirmRefund(order, reload) }, 'Refund…') : null,
  );
  document.title = `${order.merchant_uid} · Console`;
  replace(
    view,
    h('p', {}, h('a', { href: '#/orders' }, '← Orders')),
    h(
      'section',
      { class: 'card' },
      h('div', { class: 'title' }, h('h1', { id: 'order-name' }, order.name), badge(orderStatus(order.status), order.status)),
      facts(order),
      moneySummary(timeline),
      buttons,
      h('p', { id: 'action-result', role: 'status', class: message ? 'result' : '' }, message ?? ''),
    ),
    h('section', { class: 'card' }, h('h2', {}, 'Timeline 이력'), timelineList(timeline)),
  );
}

export async function showOrder(view, merchantUid, message) {
  const timeline = await api.timeline(merchantUid);
  // an action's answer may land after the operator moved on: only redraw the order still on screen
  if (message && $('order-merchant-uid')?.textContent !== merchantUid) return;
  render(view, timeline, message);
}
