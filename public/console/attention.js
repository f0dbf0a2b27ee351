// The inbox: everything waiting for a person, each list with its total and its next page, each item with the action
// that finishes it: a refund i'mport refused (retry, or the buyer's account), money held, event pushes failing by
// endpoint (push them again), and i'mport's webhooks answered with an error (resolved once the order settled since).
import { confirmResendGroup } from './actions.js';
import { api } from './api.js';
import { badge, focusOn, h, orderLink, replace, scroller, when, won } from './dom.js';
import { finishButton } from './finish.js';
import { method, orderStatus, paymentRef, refundReason, refundState, role } from './labels.js';
import { shell } from './shell.js';

const cells = (...values) => h('tr', {}, values.map((value) => h('td', {}, value ?? '—')));

const LISTS = {
  refunds: {
    title: "Refunds i'mport refused 환불 실패",
    note: "Finish each here: a deposited virtual account is refunded to the buyer's bank account; anything else is retried. The payment is re-read first, so nothing is refunded twice.",
    columns: ['Since', 'Order', 'Payment', 'Why refunded', 'Amount', "i'mport said", ''],
    row: (r, onDone) => cells(when(r.created_at), orderLink(r.merchant_uid), h('span', { class: 'mono' }, paymentRef(r)), refundReason(r.reason), won(r.amount), r.last_error, finishButton(r, r, onDone)),
  },
  held: {
    title: "Money held: paid at i'mport, not the order's payment",
    note: 'Normally for seconds, while the automatic refund runs; a refund i’mport refused is listed above.',
    columns: ['Seen', 'Order', 'Order status', 'Payment', 'Role', 'Method', 'Held', 'Its refund'],
    row: (p) => cells(when(p.updated_at), orderLink(p.merchant_uid), orderStatus(p.order_status), h('span', { class: 'mono' }, p.imp_uid), role(p.role), method(p.pay_method), won(p.amount - p.cancel_amount), p.refund_state ? refundState(p.refund_state) : 'none'),
  },
  pushes: {
    title: 'Event pushes failing, by endpoint',
    note: 'Each endpoint with the events it has not taken: retried with backoff for about a day, then given up.',
    columns: ['Endpoint', 'Events', 'Given up', 'Last attempt', 'Last answer', ''],
    row: (g, onDone) =>
      cells(h('span', { class: 'mono' }, g.endpoint || '(not recorded)'), String(g.failing), String(g.given_up), when(g.last_attempt_at), g.last_status_code ? `HTTP ${g.last_status_code}` : g.last_error,
        h('button', { type: 'button', class: 'secondary', 'data-endpoint': g.endpoint, onclick: () => confirmResendGroup(g, onDone) }, 'Push again…')),
  },
  webhooks: {
    title: "i'mport's webhooks answered 5xx (last 24 hours)",
    note: "i'mport delivers them again; each is resolved once its order settled or was re-checked since.",
    columns: ['Received', 'Order', 'Payment', 'From', 'Answer', 'Now'],
    row: (w) => cells(when(w.received_at), w.merchant_uid ? orderLink(w.merchant_uid) : null, w.imp_uid, w.source_ip, w.outcome === 'unavailable' ? "503: i'mport unreachable" : '500: error', w.resolved ? badge('resolved', 'ok') : badge('unresolved', 'bad')),
  },
};

const count = (list, section) => (list === 'pushes' ? `${section.events} events at ${section.total} endpoint${section.total === 1 ? '' : 's'}` : list === 'webhooks' ? `${section.total}, ${section.unresolved} unresolved` : String(section.total));

/** One list: its heading with the total, its rows, and "More" while pages follow. */
function listSection(list, first, onDone) {
  const spec = LISTS[list];
  const body = h('tbody', {}, first.items.map((item) => spec.row(item, onDone)));
  const more = h('button', { type: 'button', class: 'secondary more', hidden: !first.next_cursor }, 'More');
  let cursor = first.next_cursor;
  more.addEventListener('click', async () => {
    more.disabled = true;
    const next = await api.attentionPage(list, cursor);
    body.append(...next.items.map((item) => spec.row(item, onDone)));
    cursor = next.next_cursor;
    more.hidden = !cursor;
    more.disabled = false;
  });
  const content = first.total ? [scroller(h('table', { id: `inbox-${list}` }, h('thead', {}, h('tr', {}, spec.columns.map((c) => h('th', {}, c)))), body)), more] : [h('p', { id: `inbox-${list}`, class: 'muted' }, 'None.')];
  return h('section', { class: 'card', 'data-list': list }, h('h2', {}, `${spec.title} `, h('span', { class: 'total', id: `total-${list}` }, count(list, first))), h('p', { class: 'muted' }, spec.note), content);
}

/** `message`: the answer of an action just taken here, shown and given focus. */
export async function showAttention(view, message) {
  const inbox = await api.attention();
  const onDone = (text, failed) => showAttention(view, { text, failed });
  document.title = `Needs attention (${inbox.waiting}) · Console`;
  shell.showCount(inbox.waiting);
  const result = h('p', { id: 'inbox-result', role: 'status', class: message ? (message.failed ? 'result failed' : 'result') : '' }, message?.text ?? '');
  replace(
    view,
    h('div', { class: 'title' }, h('h1', { id: 'view-title' }, 'Needs attention 확인 필요'), h('span', { id: 'inbox-waiting', class: `badge ${inbox.waiting ? 'badge-bad' : 'badge-ok'}` }, `${inbox.waiting} waiting for a person`)),
    result,
    Object.keys(LISTS).map((list) => listSection(list, inbox[list], onDone)),
  );
  if (message) {
    focusOn(result);
    shell.refreshCount();
  }
}
