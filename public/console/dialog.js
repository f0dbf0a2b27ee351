// The one confirmation dialog every action goes through. A request that changes money carries an Idempotency-Key made
// once per confirmed action: a double click, or a retry after a lost answer, sends the same key with the same body, and
// the service acts once.
import { $, replace } from './dom.js';

let action = null;

/** Works outside a secure context too (an internal http:// host), where crypto.randomUUID is missing. */
function newKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `console-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * spec: { title, body, confirmLabel, validate?() → boolean, request() → body, send(body, key) → Promise, done(result) }.
 * Focus goes to `spec.focus` (the first field), else to the confirm button.
 */
export function openDialog(spec) {
  action = { spec, sent: null };
  $('confirm-title').textContent = spec.title;
  replace($('confirm-body'), spec.body);
  $('confirm-error').textContent = '';
  $('confirm-ok').textContent = spec.confirmLabel;
  $('confirm-ok').disabled = false;
  $('confirm-ok').className = spec.danger ? 'danger' : '';
  $('confirm').showModal();
  (spec.focus ?? $('confirm-ok')).focus();
}

async function confirmAction(event) {
  event.preventDefault();
  const ok = $('confirm-ok');
  if (!action || ok.disabled) return;
  if (action.spec.validate && !action.spec.validate()) return;
  const body = action.spec.request();
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
    ok.focus();
  }
}

export function installDialog() {
  $('confirm-form').addEventListener('submit', confirmAction);
  $('confirm-cancel').addEventListener('click', () => $('confirm').close());
  $('confirm').addEventListener('close', () => (action = null));
}
