const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const TITLES: Record<string, [string, string]> = {
  success: ['결제가 완료되었습니다', '#15803d'],
  vbankIssued: ['가상계좌가 발급되었습니다', '#1d4ed8'],
  failed: ['결제에 실패했습니다', '#b91c1c'],
  forgery: ['결제 금액이 주문과 다릅니다', '#b91c1c'],
  duplicate: ['이미 결제된 주문입니다', '#b45309'],
  notFound: ['결제 정보를 찾을 수 없습니다', '#b91c1c'],
  cancelled: ['취소된 결제입니다', '#b45309'],
  unavailable: ['결제 확인이 지연되고 있습니다', '#b45309'],
};

/** The page the mobile (m_redirect_url) flow lands on; it shows only what the server verified. */
export function renderResultPage(query: { merchant_uid: string; status: string; message: string }): string {
  const [title, colour] = TITLES[query.status] ?? ['결제 결과', '#334155'];
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>body{font-family:system-ui,-apple-system,"Noto Sans KR",sans-serif;background:#f8fafc;color:#0f172a;margin:0;display:flex;justify-content:center;padding:48px 16px}
.card{background:#fff;border-radius:16px;box-shadow:0 10px 30px rgba(15,23,42,.08);padding:28px;max-width:420px;width:100%}
h1{font-size:20px;color:${colour};margin:0 0 8px}p{color:#475569;line-height:1.5}a{color:#2563eb}</style></head>
<body><main class="card" data-status="${escape(query.status)}"><h1 id="result-title">${escape(title)}</h1>
<p id="result-message">${escape(query.message)}</p><p>주문번호 <code id="result-order">${escape(query.merchant_uid)}</code></p>
<p><a href="/">쇼핑 계속하기</a></p></main></body></html>`;
}
