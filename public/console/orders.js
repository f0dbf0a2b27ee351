// Orders, newest first: a filter (search, status, days in KST), "More" pages that follow the API's keyset cursor (an
// order arriving meanwhile never pushes another off the pages shown), and CSV exports of exactly what the filter shows.
import { api, download } from './api.js';
import { $, badge, h, kstToday, orderLink, replace, scroller, when, won } from './dom.js';
import { field, validate } from './form.js';
import { orderStatus, ORDER_STATUSES } from './labels.js';

const FILTER = ['q', 'status', 'from', 'to'];

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

function filterForm(params) {
  const options = [h('option', { value: '' }, 'any status'), ...ORDER_STATUSES.map((s) => h('option', { value: s, selected: s === params.status }, orderStatus(s)))];
  const day = (id, value) => h('input', { id, type: 'date', value: value ?? '', max: kstToday() });
  return h(
    'form',
    { id: 'search-form', class: 'toolbar', novalidate: true, onsubmit: (event) => submitFilter(event) },
    h('input', { id: 'search', type: 'search', value: params.q ?? '', maxlength: 200, placeholder: 'merchant_uid, imp_uid, buyer name or email', 'aria-label': 'search' }),
    h('select', { id: 'status-filter', 'aria-label': 'status' }, options),
    field('From (KST)', day('from-filter', params.from)),
    field('To (KST)', day('to-filter', params.to)),
    h('button', { type: 'submit', id: 'search-button' }, 'Search'),
  );
}

function submitFilter(event) {
  event.preventDefault();
  const from = $('from-filter');
  const to = $('to-filter');
  const ok = validate([
    [from, (value) => (!value || /^\d{4}-\d\d-\d\d$/.test(value) ? null : 'Give the day as YYYY-MM-DD.')],
    [to, (value) => (!value || /^\d{4}-\d\d-\d\d$/.test(value) ? (value && from.value && value < from.value ? 'This day is before "From".' : null) : 'Give the day as YYYY-MM-DD.')],
  ]);
  if (!ok) return;
  const params = new URLSearchParams();
  const values = { q: $('search').value.trim(), status: $('status-filter').value, from: from.value, to: to.value };
  for (const key of FILTER) if (values[key]) params.set(key, values[key]);
  location.hash = `#/orders${params.size ? `?${params}` : ''}`;
}

function exportsBar(filter, note) {
  const save = (what) => async () => {
    note.textContent = `Preparing ${what}.csv…`;
    try {
      note.textContent = `Saved ${await download(api.exportPath(what, filter), `${what}.csv`)}.`;
    } catch (error) {
      note.textContent = error.message;
    }
  };
  return h(
    'div',
    { class: 'exports' },
    h('span', { class: 'muted' }, 'Export what this filter shows (CSV, times in KST): '),
    h('button', { type: 'button', id: 'export-orders', class: 'secondary', onclick: save('orders') }, 'Orders'),
    h('button', { type: 'button', id: 'export-refunds', class: 'secondary', onclick: save('refunds') }, 'Their refunds'),
  );
}

export async function showOrders(view, params) {
  const filter = Object.fromEntries(FILTER.filter((key) => params[key]).map((key) => [key, params[key]]));
  const body = h('tbody', { id: 'orders-body' });
  const more = h('button', { type: 'button', id: 'more', class: 'secondary', hidden: true }, 'More');
  const note = h('p', { id: 'orders-note', class: 'muted', role: 'status' });
  document.title = 'Orders · Console';
  replace(
    view,
    h('h1', { id: 'view-title' }, 'Orders 주문'),
    filterForm(params),
    exportsBar(filter, note),
    scroller(h('table', { id: 'orders' }, h('thead', {}, h('tr', {}, ['Created', 'Order', 'Name', 'Buyer', 'Amount', 'Paid (refunded)', 'Status'].map((c) => h('th', {}, c)))), body)),
    note,
    more,
  );
  let cursor = null;
  const load = async () => {
    more.disabled = true;
    const page = await api.orders({ ...filter, cursor });
    body.append(...page.items.map(row));
    cursor = page.next_cursor;
    more.hidden = !cursor;
    more.disabled = false;
    note.textContent = body.children.length ? '' : 'No order matches.';
  };
  more.addEventListener('click', () => load().catch((error) => (note.textContent = error.message)));
  await load();
}
