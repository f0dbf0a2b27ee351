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
  for (const child of children.flat(Infinity)) {
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
  container.replaceChildren(...children.flat(Infinity).filter((child) => child !== null && child !== undefined && child !== false));
}

/** ₩ and thousands separators; KRW has no minor unit. */
export const won = (amount) => `₩${Number(amount).toLocaleString('ko-KR')}`;

/** Korea has one zone and no daylight saving: KST is UTC+9 all year, whatever the operator's machine is set to. */
const KST_OFFSET_MS = 9 * 3600_000;

/** 2026-01-31 14:05:09 KST */
export function kstTime(iso) {
  return `${new Date(Date.parse(iso) + KST_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ')} KST`;
}

/** A timestamp in KST with its zone, the UTC instant on hover. */
export function when(iso) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  return h('time', { datetime: iso, title: `${new Date(iso).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '')} UTC` }, kstTime(iso));
}

/** Today in KST, YYYY-MM-DD (the day the date filters and exports speak of). */
export const kstToday = () => new Date(Date.now() + KST_OFFSET_MS).toISOString().slice(0, 10);

export function ago(iso) {
  if (!iso) return 'never';
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (seconds < 90) return `${seconds}s ago`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}

export const badge = (text, kind = text) => h('span', { class: `badge badge-${kind}` }, text);

export const orderLink = (merchantUid) => h('a', { href: `#/order/${encodeURIComponent(merchantUid)}`, class: 'mono' }, merchantUid);

/** A table that scrolls sideways inside its card on a narrow screen, instead of widening the page. */
export const scroller = (table) => h('div', { class: 'table-scroll' }, table);

/** Moves focus to an element that is not focusable by itself (a heading, a message), for keyboard and screen readers. */
export function focusOn(element) {
  if (!element) return;
  if (!element.hasAttribute('tabindex')) element.setAttribute('tabindex', '-1');
  element.focus();
}
