// The console's own validation: every form is novalidate, so the browser's bubbles (in the browser's language, gone on
// the next keystroke) never hide these. A message sits under its field, the field is marked invalid for screen readers,
// and the first invalid field gets focus.
import { h } from './dom.js';

/** A labelled field with a slot for its message. */
export function field(label, input, hint) {
  const error = h('p', { class: 'field-error', id: `${input.id}-error` });
  input.setAttribute('aria-describedby', error.id);
  return h('label', { for: input.id }, h('span', {}, label), input, hint ? h('small', { class: 'muted' }, hint) : null, error);
}

/**
 * Runs each rule ([input, () => message or null]); shows each message under its field. Returns whether all passed,
 * focusing the first that did not.
 */
export function validate(rules) {
  let first = null;
  for (const [input, rule] of rules) {
    const message = rule(input.value.trim());
    const slot = document.getElementById(`${input.id}-error`);
    if (slot) slot.textContent = message ?? '';
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
    first ??= message ? input : null;
  }
  first?.focus();
  return first === null;
}

export const required = (what) => (value) => (value ? null : `Enter ${what}.`);
