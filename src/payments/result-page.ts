import type { OrderRow, OrderStatus } from '../db/schema.js';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const won = (amount: string | number) => `${Number(amount).toLocaleString('ko-KR')}원`;

/** Every word on the page comes from here, chosen by the order's status: nothing a URL carries is ever shown. */
const TEXT: Record<OrderStatus, { title: string; detail: string; colour: string }> = {
  pending: { title: '결제가 확인되지 않았습니다', detail: '결제하셨다면 확인되는 대로 주문에 반영됩니다.', colour: '#b45309' },
  awaiting_deposit: { title: '가상계좌가 발급되었습니다', detail: '아래 계좌로 기한 안에 입금하시면 결제가 완료됩니다.', colour: '#1d4ed8' },
  paid: { title: '결제가 완료되었습니다', detail: '주문해 주셔서 감사합니다.', colour: '#15803d' },
  partially_cancelled: { title: '결제가 일부 취소되었습니다', detail: '취소된 금액은 결제 수단으로 환불됩니다.', colour: '#b45309' },
  cancelled: { title: '결제가 취소되었습니다', detail: '결제 금액은 결제 수단으로 환불됩니다.', colour: '#b45309' },
  failed: { title: '결제에 실패했습니다', detail: '결제가 이루어지지 않았습니다. 다시 시도해 주세요.', colour: '#b91c1c' },
};

function vbankLines(order: OrderRow): string {
  if (order.status !== 'awaiting_deposit' || !order.vbank) return '';
  const due = order.vbank.due_at ? `<p>입금 기한 <span id="result-vbank-due">${escape(new Date(order.vbank.due_at).toLocaleString('ko-KR', { timeZone: 'Asia/Seoul' }))}</span></p>` : '';
  return `<p>입금 계좌 <span id="result-vbank">${escape(`${order.vbank.bank_name} ${order.vbank.num}`)}</span></p>${due}`;
}

/** The page the mobile (m_redirect_url) flow lands on: the order as the service holds it, and nothing else. */
export function renderResultPage(order: OrderRow): string {
  const { title, detail, colour } = TEXT[order.status];
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>body{font-family:system-ui,-apple-system,"Noto Sans KR",sans-serif;background:#f8fafc;color:#0f172a;margin:0;display:flex;justify-content:center;padding:48px 16px}
.card{background:#fff;border-radius:16px;box-shadow:0 10px 30px rgba(15,23,42,.08);padding:28px;max-width:420px;width:100%}
h1{font-size:20px;color:${colour};margin:0 0 8px}p{color:#475569;line-height:1.5}a{color:#2563eb}</style></head>
<body><main class="card" data-status="${order.status}"><h1 id="result-title">${title}</h1>
<p id="result-detail">${detail}</p><p>주문번호 <code id="result-order">${escape(order.merchant_uid)}</code></p>
<p>주문 금액 <span id="result-amount">${won(order.amount)}</span></p>${vbankLines(order)}
<p><a href="/">쇼핑 계속하기</a></p></main></body></html>`;
}
