// Orders, newest first: a status filter, a search, and "More" pages that follow the API's keyset cursor, so an order
// arriving meanwhile never pushes another one off the pages already shown.
import { api } from './api.js';
import { $, badge, h, orderLink, replace, when, won } from './dom.js';
import { orderStatus, ORDER_STATUSES } from './labels.js';

function row(order) {
  const buyer = [order.buyer?.name, order.buyer?.email].filter(Boolean).join(' · ');
  return h(
    'tr',
    { 'data-merchant-uid': order.merchant_uid },
    h('td', {}, when(order.created_at)),
    h('td', {}, orderLink(order.merchant_uid)),
    h('td', { class: 'order-name' }, order.name),
    h('td', {}, buyer || h('span', { class: 'muted' }, '—')),
    h('td', { class: 'num' }, won(order.amount)),
    h('td', { class: 'num' }, order.cancelled_amount ? `${won(order.paid_amount)} (−${won(order.cancelled_amount)})` : won(order.paid_amount)),
    h('td', {}, badge(orderStatus(order.status), order.status)),
  );
}

function searchForm(params) {
  const options = [h('option', { value: '' }, 'any status'), ...ORDER_STATUSES.map((s) => h('option', { value: s, selected: s === params.status }, orderStatus(s)))];
  return h(
    'form',
    { id: 'search-form', class: 'toolbar', onsubmit: (event) => submitSearch(event) },
    h('input', { id: 'search', type: 'search', value: params.q ?? '', placeholder: 'merchant_uid, imp_uid, buyer name or email', 'aria-label': 'search' }),
    h('select', { id: 'status-filter', 'aria-label': 'status' }, options),
    h('button', { type: 'submit', id: 'search-button' }, 'Search'),
  );
}

function submitSearch(event) {
  event.preventDefault();
  const params = new URLSearchParams();
  const q = $('search').value.trim();
  if (q) params.set('q', q);
  if ($('status-filter').value) params.set('status', $('status-filter').value);
  location.hash = `#/orders${params.size ? `?${params}` : ''}`;
}

export async function showOrders(view, params) {
  const body = h('tbody', { id: 'orders-body' });
  const more = h('button', { type: 'button', id: 'more', class: 'secondary', hidden: true }, 'More');
  const note = h('p', { id: 'orders-note', class: 'muted' });
  replace(
    view,
    searchForm(params),
    h('table', { id: 'orders' }, h('thead', {}, h('tr', {}, ['Created', 'Order', 'Name', 'Buyer', 'Amount', 'Paid (refunded)', 'Status'].map((c) => h('th', {}, c)))), body),
    note,
    more,
  );
  let cursor = null;
  const load = async () => {
    more.disabled = true;
    const page = await api.orders({ ...params, cursor });
    body.append(...page.items.map(row));
    cursor = page.next_cursor;
    more.hidden = !cursor;
    more.disabled = false;
    note.textContent = body.children.length ? '' : 'No order matches.';
  };
  more.addEventListener('click', () => load().catch((error) => (note.textContent = error.message)));
  await load();
}
