// The console's entry: sign-in with an API key, the status strip, and the #/ routes (orders, an order, attention).
import { installDialog } from './actions.js';
import { api, onKeyRefused, session } from './api.js';
import { $, ago, h, replace } from './dom.js';
import { showAttention } from './attention.js';
import { showOrder } from './order.js';
import { showOrders } from './orders.js';

const STATUS_EVERY_MS = 30_000;
let statusTimer;

function showSignIn(message) {
  session.signOut();
  clearInterval(statusTimer);
  for (const id of ['nav', 'status-strip', 'view']) $(id).hidden = true;
  $('sign-in').hidden = false;
  $('sign-in-error').textContent = message ?? '';
  $('api-key').value = '';
  $('api-key').focus();
}

function strip(status) {
  const { iamport, sweeper, outbox } = status;
  const reachable = iamport.last_success_at && (!iamport.last_error_at || iamport.last_success_at > iamport.last_error_at);
  const item = (kind, ...text) => h('span', { class: `item ${kind}` }, ...text);
  return [
    item(reachable ? 'ok' : iamport.last_error_at ? 'bad' : 'unknown', `i'mport: ${reachable ? 'reachable' : iamport.last_error_at ? 'errors' : 'not called yet'}`,
      h('small', {}, ` last ok ${ago(iamport.last_success_at)}${iamport.last_error_at ? `, last error ${ago(iamport.last_error_at)} (${iamport.last_error})` : ''}`)),
    item(sweeper.enabled ? 'ok' : 'unknown', sweeper.enabled ? `sweeper: last pass ${ago(sweeper.last_pass?.at)}` : 'sweeper: off'),
    item(outbox.push && outbox.backlog > 0 ? 'warn' : 'ok', outbox.push ? `outbox: ${outbox.backlog} waiting${outbox.oldest_undelivered_at ? `, oldest ${ago(outbox.oldest_undelivered_at)}` : ''}` : 'outbox: push off'),
    item(status.orders_needing_operator ? 'bad' : 'ok', `needs operator: ${status.orders_needing_operator}`),
    h('small', { class: 'muted' }, ' (this instance)'),
  ];
}

async function refreshStatus() {
  const status = await api.status();
  replace($('status-strip'), strip(status));
  $('attention-count').textContent = status.orders_needing_operator ? String(status.orders_needing_operator) : '';
  return status;
}

async function route() {
  const view = $('view');
  const [path, search] = location.hash.replace(/^#/, '').split('?');
  const params = Object.fromEntries(new URLSearchParams(search ?? ''));
  try {
    if (path?.startsWith('/order/')) await showOrder(view, decodeURIComponent(path.slice('/order/'.length)));
    else if (path === '/attention') await showAttention(view);
    else await showOrders(view, params);
  } catch (error) {
    if (error.status !== 401) replace(view, h('p', { class: 'error', role: 'alert' }, error.message));
  }
}

async function enter() {
  await refreshStatus();
  $('sign-in').hidden = true;
  for (const id of ['nav', 'status-strip', 'view']) $(id).hidden = false;
  clearInterval(statusTimer);
  statusTimer = setInterval(() => refreshStatus().catch(() => {}), STATUS_EVERY_MS);
  await route();
}

async function signIn(event) {
  event.preventDefault();
  session.signIn($('api-key').value.trim());
  $('sign-in-button').disabled = true;
  try {
    await enter();
  } catch (error) {
    if (error.status !== 401) showSignIn(error.message);
  } finally {
    $('sign-in-button').disabled = false;
  }
}

onKeyRefused(() => showSignIn('The API key was refused: sign in with one of the service\'s API_KEYS.'));
installDialog();
$('sign-in-form').addEventListener('submit', signIn);
$('sign-out').addEventListener('click', () => showSignIn());
window.addEventListener('hashchange', () => session.key() && route());
if (session.key()) enter().catch((error) => error.status !== 401 && showSignIn(error.message));
else showSignIn();
