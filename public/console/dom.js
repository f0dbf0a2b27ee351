// Every piece of data reaches the page as text: elements are built here, strings become text nodes, and nothing is
// ever parsed as HTML. A link's href is set only to an http(s) URL or to one of the console's own #/ routes.

/** h('p', { class: 'x' }, 'text', child, ...) → an element; null and false children are left out. */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'href') setHref(element, value);
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

function setHref(element, value) {
  const href = String(value);
  if (href.startsWith('#/')) element.setAttribute('href', href);
  else if (safeLink(href)) element.setAttribute('href', href);
}

/** An absolute http(s) URL, or null. */
export function safeLink(url) {
  if (typeof url !== 'string') return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

export const $ = (id) => document.getElementById(id);

export function replace(container, ...children) {
  container.replaceChildren(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
}

/** ₩ and thousands separators; KRW has no minor unit. */
export const won = (amount) => `₩${Number(amount).toLocaleString('ko-KR')}`;

const two = (n) => String(n).padStart(2, '0');

/** 2026-01-31 14:05:09 in the operator's local time. */
export function localTime(iso) {
  const d = new Date(iso);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** A timestamp in local time, with the exact UTC instant on hover. */
export function when(iso) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  return h('time', { datetime: iso, title: iso }, localTime(iso));
}

export function ago(iso) {
  if (!iso) return 'never';
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (seconds < 90) return `${seconds}s ago`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}

export const badge = (text, kind = text) => h('span', { class: `badge badge-${kind}` }, text);

export const orderLink = (merchantUid) => h('a', { href: `#/order/${encodeURIComponent(merchantUid)}`, class: 'mono' }, merchantUid);
