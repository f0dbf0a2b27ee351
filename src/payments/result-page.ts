import type { SettlementState } from '../settlement/model.js';
import { won } from './korean-text.js';
import { escapeHtml } from '../views/html.js';
import type { ResultView } from './result-view.js';

const COLOUR: Record<ResultView['tone'], string> = { ok: '#15803d', info: '#1d4ed8', warn: '#b45309', bad: '#b91c1c' };

/** Korean breaks between words (keep-all); a long account number may still wrap anywhere rather than overflow. */
const STYLE = `body{font-family:system-ui,-apple-system,"Apple SD Gothic Neo","Noto Sans KR",sans-serif;background:#f8fafc;color:#0f172a;margin:0;display:flex;justify-content:center;padding:48px 16px;word-break:keep-all;overflow-wrap:anywhere;line-break:strict}
.card{background:#fff;border-radius:16px;box-shadow:0 10px 30px rgba(15,23,42,.08);padding:28px;max-width:420px;width:100%}
h1{font-size:20px;margin:0 0 8px}p{color:#475569;line-height:1.6;margin:6px 0}a{color:#2563eb}
dl{display:grid;grid-template-columns:auto 1fr;gap:6px 16px;margin:16px 0;padding:14px;background:#eff6ff;border-radius:12px}dt{color:#64748b}dd{margin:0;font-weight:600}`;

function page(title: string, body: string, attributes: string, script = ''): string {
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main class="card" ${attributes}>${body}<p><a href="/">쇼핑 계속하기</a></p></main>${script}</body></html>`;
}

/**
 * Watches the order through its status URL and reloads the page when it changes. While a payment awaits verification
 * it also reloads after each quiet wait, and the reload verifies again.
 */
function watchScript(statusPath: string, version: number, reverify: boolean): string {
  const args = JSON.stringify([statusPath, version, reverify]).replace(/</g, '\\u003c');
  return `<script>(function(a){var u=a[0],v=a[1],again=a[2];
function next(){fetch(u+'?wait=25&version='+v,{cache:'no-store'}).then(function(r){if(!r.ok)throw r;return r.json()})
.then(function(b){if(b.version!==v||again)location.reload();else next()},function(){setTimeout(next,10000)})}next()})(${args})</script>`;
}

/** The page the mobile (m_redirect_url) flow lands on: the order as the service holds it, and nothing else. */
export function renderResultPage(state: SettlementState, view: ResultView, statusPath: string): string {
  const { order } = state;
  const facts = view.facts.length
    ? `<dl id="result-facts">${view.facts.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`).join('')}</dl>`
    : '';
  const body = `<h1 id="result-title" style="color:${COLOUR[view.tone]}">${escapeHtml(view.title)}</h1>
<div id="result-detail">${view.lines.map((line) => `<p>${escapeHtml(line)}</p>`).join('')}</div>${facts}
<p>주문 <span id="result-name">${escapeHtml(order.name)}</span> · <span id="result-amount">${won(order.amount)}</span></p>
<p>주문번호 <code id="result-order">${escapeHtml(order.merchant_uid)}</code></p>`;
  const attributes = `data-status="${order.status}" data-result="${view.kind}"`;
  return page(view.title, body, attributes, view.watch ? watchScript(statusPath, order.version, view.kind === 'checking') : '');
}

/** An expired link shows nothing of the order, not even which one it was. */
export function renderExpiredPage(): string {
  const title = '결제 결과 링크가 만료되었습니다';
  return page(title, `<h1 id="result-title" style="color:${COLOUR.warn}">${title}</h1><p>주문 내역은 상점에서 확인해 주세요.</p>`, 'data-result="expired_link"');
}
