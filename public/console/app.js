// The console's entry: sign-in with an API key, who is signed in, the status strip and the inbox count, and the #/
// routes (orders, an order, the inbox). After each route the page's heading gets focus, so a keyboard or screen-reader
// user starts where the new content does.
import { installDialog } from './dialog.js';
import { api, onKeyRefused, session } from './api.js';
import { $, ago, focusOn, h, replace } from './dom.js';
import { showAttention } from './attention.js';
import { validate } from './form.js';
import { showOrder } from './order.js';
import { showOrders } from './orders.js';
import { shell } from './shell.js';

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
    item(status.waiting ? 'bad' : 'ok', `waiting for a person: ${status.waiting}`),
    h('small', { class: 'muted' }, ' (this instance)'),
  ];
}

async function refreshStatus() {
  const status = await api.status();
  shell.push = status.outbox.push;
  replace($('status-strip'), strip(status));
  shell.showCount(status.waiting);
  return status;
}

shell.showCount = (waiting) => {
  $('attention-count').textContent = waiting ? String(waiting) : '';
  $('attention-count').setAttribute('aria-label', `${waiting} waiting`);
};
shell.refreshCount = () => refreshStatus().catch(() => {});

async function route() {
  const view = $('view');
  const [path, search] = location.hash.replace(/^#/, '').split('?');
  const params = Object.fromEntries(new URLSearchParams(search ?? ''));
  try {
    if (path?.startsWith('/order/')) await showOrder(view, decodeURIComponent(path.slice('/order/'.length)));
    else if (path === '/attention') await showAttention(view);
    else await showOrders(view, params);
  } catch (error) {
    if (error.status !== 401) replace(view, h('p', { id: 'view-title', class: 'error', role: 'alert' }, error.message));
  }
  focusOn(view.querySelector('h1') ?? $('view-title'));
}

async function enter() {
  const [{ actor }] = await Promise.all([api.whoami(), refreshStatus()]);
  shell.actor = actor;
  $('signed-in-as').textContent = actor;
  $('sign-in').hidden = true;
  for (const id of ['nav', 'status-strip', 'view']) $(id).hidden = false;
  clearInterval(statusTimer);
  statusTimer = setInterval(() => refreshStatus().catch(() => {}), STATUS_EVERY_MS);
  await route();
}

async function signIn(event) {
  event.preventDefault();
  if (!validate([[$('api-key'), (value) => (value ? null : 'Enter one of the API keys (API_KEYS).')]])) return;
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
