// An in-memory i'mport (PortOne V1) REST stand-in for `npm run bench`, on node:http, 127.0.0.1 only. It keeps
// PostgreSQL out of i'mport's side of the measurement: a payment is derived from its imp_uid (payments.mjs), so
// nothing is seeded, and only what a call changes (a cancel, a prepare, a payment registered by a control call)
// is kept in memory.
//
//   POST   /users/getToken                  {imp_key, imp_secret} -> {access_token, now, expired_at}
//   GET    /payments/{imp_uid}              (?include_sandbox=true accepted) the payment, 404 when unknown
//   GET    /payments/findAll/{merchant_uid} one page {total, previous, next, list}, 404 when none
//   POST   /payments/prepare                {merchant_uid, amount}; a merchant_uid registered twice is refused
//   GET    /payments/prepare/{merchant_uid}
//   POST   /payments/cancel                 {imp_uid | merchant_uid, amount?, checksum?, reason?} i'mport's rules
//   DELETE /vbanks/{imp_uid}                closes an unpaid virtual account
// Every answer is i'mport's envelope {code, message, response}; REST calls need a token this stand-in issued.
// Control (not counted): GET /__stats (calls per endpoint), POST /__control {latency_ms},
// POST /__payments {merchant_uid, amount, status?, pay_method?, imp_uid?, ...fields} registers a payment.
//
//   node bench/fake-iamport.mjs [--port 0] [--latency-ms N]     (or BENCH_IAMPORT_LATENCY_MS=N)
// Prints `READY <pid> <port>`; every answer is sent N ms late, as a round trip to the real i'mport would be.
import crypto from 'node:crypto';
import http from 'node:http';
import { parseArgs } from 'node:util';
import { derivedPayment, paidPayment } from './payments.mjs';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, 'latency-ms': { type: 'string' } } });
let latencyMs = Number(values['latency-ms'] ?? process.env.BENCH_IAMPORT_LATENCY_MS ?? 0);
const TOKEN_TTL_S = 30 * 60;
const tokens = new Map(); // access_token -> expires (unix s)
const stats = {};
const count = (endpoint) => (stats[endpoint] = (stats[endpoint] ?? 0) + 1);
/** payments a call changed or registered, by imp_uid; everything else is derived from the imp_uid */
const changed = new Map();
const byMerchantUid = new Map(); // merchant_uid -> imp_uids registered for it
const prepared = new Map();
const now = () => Math.floor(Date.now() / 1000);

const paymentOf = (impUid) => changed.get(impUid) ?? derivedPayment(impUid);

function sendNow(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
function send(res, status, body) {
  if (latencyMs > 0) setTimeout(sendNow, latencyMs, res, status, body);
  else sendNow(res, status, body);
}
const ok = (res, response) => send(res, 200, { code: 0, message: null, response });
/** business refusals are HTTP 200 with code ≠ 0, as the real API answers them */
const refuse = (res, message) => send(res, 200, { code: 1, message, response: null });
const notFound = (res, message) => send(res, 404, { code: -1, message, response: null });
const failure = (res, status, message) => send(res, status, { code: -1, message, response: null });

function readBody(req) {
  return new Promise((resolve) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      if (!raw) return resolve({});
      if (!raw.trimStart().startsWith('{')) return resolve(Object.fromEntries(new URLSearchParams(raw))); // a form body
      try {
        resolve(JSON.parse(raw));
      } catch {
        resolve(null);
      }
    });
  });
}

function authorized(req) {
  const expires = tokens.get(req.headers.authorization ?? '');
  return expires !== undefined && expires > now();
}

/** i'mport's cancel rules (reference: Cancel): status, checksum against the cancellable balance, amount ≤ balance. */
function cancel(payment, { amount, checksum, reason }) {
  if (payment.status === 'cancelled') return '이미 전액취소된 주문입니다.';
  if (payment.status === 'failed') return '결제실패된 건은 취소할 수 없습니다.';
  const t = now();
  if (payment.status === 'ready') return { ...payment, status: 'cancelled', cancelled_at: t, cancel_reason: reason ?? null };
  const balance = payment.amount - payment.cancel_amount;
  const wanted = amount ? Number(amount) : balance; // only a missing or 0 amount means all that remains
  if (!Number.isFinite(wanted) || wanted <= 0) return `취소요청금액(${amount})이 올바르지 않습니다.`;
  if (checksum !== undefined && checksum !== null && Number(checksum) !== balance) {
    return `[환불가능금액 불일치] 요청된 checksum(${checksum})과 환불가능금액(${balance})이 일치하지 않습니다.`;
  }
  if (wanted > balance) return `취소요청금액(${wanted})이 취소가능금액(${balance})을 초과합니다.`;
  const history = [...payment.cancel_history];
  const receipt = `${payment.receipt_url}&cancel=${history.length + 1}`;
  history.push({ pg_tid: payment.pg_tid, amount: wanted, cancelled_at: t, reason: reason ?? '', cancellation_id: `cncl_${payment.imp_uid}_${history.length + 1}`, receipt_url: receipt });
  const cancelAmount = payment.cancel_amount + wanted;
  return {
    ...payment,
    cancel_amount: cancelAmount,
    cancel_reason: reason ?? null,
    cancel_history: history,
    cancel_receipt_urls: history.map((h) => h.receipt_url),
    cancelled_at: t,
    status: cancelAmount === payment.amount ? 'cancelled' : payment.status,
  };
}

function remember(payment) {
  changed.set(payment.imp_uid, payment);
  const list = byMerchantUid.get(payment.merchant_uid) ?? [];
  if (!list.includes(payment.imp_uid)) byMerchantUid.set(payment.merchant_uid, [payment.imp_uid, ...list]);
}

/** newest first: the registered ones, then the one derived from the order id when that is one of the bench's */
function paymentsOfOrder(merchantUid) {
  const impUids = [...(byMerchantUid.get(merchantUid) ?? [])];
  const derived = derivedPayment(`imp_${merchantUid}`);
  if (derived && !impUids.includes(derived.imp_uid)) impUids.push(derived.imp_uid);
  return impUids.map(paymentOf).filter(Boolean);
}

async function rest(req, res, method, path, query) {
  if (method === 'POST' && path === '/users/getToken') {
    count('getToken');
    const body = await readBody(req);
    if (!body?.imp_key || !body?.imp_secret) return failure(res, 401, 'imp_key, imp_secret 파라미터가 누락되었습니다.');
    const token = crypto.randomBytes(20).toString('hex');
    const t = now();
    tokens.set(token, t + TOKEN_TTL_S);
    return ok(res, { access_token: token, now: t, expired_at: t + TOKEN_TTL_S });
  }

  let endpoint;
  let match;
  if (method === 'GET' && (match = /^\/payments\/findAll\/([^/]+)$/.exec(path))) endpoint = 'payments.findAll';
  else if (method === 'GET' && (match = /^\/payments\/prepare\/([^/]+)$/.exec(path))) endpoint = 'prepare.get';
  else if (method === 'POST' && path === '/payments/prepare') endpoint = 'prepare';
  else if (method === 'POST' && path === '/payments/cancel') endpoint = 'cancel';
  else if (method === 'GET' && (match = /^\/payments\/([^/]+)$/.exec(path))) endpoint = 'payments.get';
  else if (method === 'DELETE' && (match = /^\/vbanks\/([^/]+)$/.exec(path))) endpoint = 'vbanks.revoke';
  else {
    count('unknown');
    return notFound(res, 'Not Found');
  }
  count(endpoint);
  if (!authorized(req)) {
    count('unauthorized');
    req.resume();
    return failure(res, 401, 'Unauthorized');
  }
  const id = match ? decodeURIComponent(match[1]) : undefined;

  switch (endpoint) {
    case 'payments.get': {
      const payment = paymentOf(id);
      // a test-channel payment is hidden unless asked for (reference: include_sandbox)
      const visible = payment && (payment.sandbox !== true || query.get('include_sandbox') === 'true');
      return visible ? ok(res, payment) : notFound(res, '존재하지 않는 결제정보입니다.');
    }
    case 'payments.findAll': {
      const list = paymentsOfOrder(id);
      if (list.length === 0) return notFound(res, '존재하지 않는 결제정보입니다.');
      const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
      const limit = 20;
      if (page > 1 && (page - 1) * limit >= list.length) return failure(res, 400, '요청한 page가 조회 가능한 범위를 넘어섰습니다.');
      return ok(res, { total: list.length, previous: page > 1 ? page - 1 : 0, next: page * limit < list.length ? page + 1 : 0, list: list.slice((page - 1) * limit, page * limit) });
    }
    case 'prepare': {
      const body = (await readBody(req)) ?? {};
      const amount = Number(body.amount);
      if (typeof body.merchant_uid !== 'string' || !body.merchant_uid || !Number.isFinite(amount)) return refuse(res, 'merchant_uid와 amount는 필수입니다.');
      if (body.merchant_uid.length > 40) return refuse(res, 'merchant_uid는 40자 이하의 문자열이어야 합니다.');
      if (amount <= 0) return refuse(res, `amount(${body.amount})가 올바르지 않습니다.`);
      if (prepared.has(body.merchant_uid)) return refuse(res, '결제정보 사전등록에 실패하였습니다(이미 등록된 merchant_uid입니다).');
      const entry = { merchant_uid: body.merchant_uid, amount };
      prepared.set(body.merchant_uid, entry);
      return ok(res, entry);
    }
    case 'prepare.get': {
      const entry = prepared.get(id);
      return entry ? ok(res, entry) : notFound(res, '사전등록된 결제정보가 존재하지 않습니다.');
    }
    case 'cancel': {
      const body = (await readBody(req)) ?? {};
      if (!body.imp_uid && !body.merchant_uid) return refuse(res, 'imp_uid 또는 merchant_uid 중 하나를 지정해주셔야합니다.');
      let payment = body.imp_uid ? paymentOf(body.imp_uid) : undefined;
      if (!body.imp_uid) {
        const list = paymentsOfOrder(body.merchant_uid);
        payment = list.find((p) => p.status === 'paid') ?? list.find((p) => p.status === 'ready') ?? list[0];
      }
      if (!payment) return refuse(res, '취소할 결제건이 존재하지 않습니다.');
      const outcome = cancel(payment, body);
      if (typeof outcome === 'string') return refuse(res, outcome);
      remember(outcome);
      return ok(res, outcome);
    }
    case 'vbanks.revoke': {
      const payment = paymentOf(id);
      if (!payment) return notFound(res, '존재하지 않는 결제정보입니다.');
      if (payment.pay_method !== 'vbank') return failure(res, 400, '가상계좌 결제건이 아닙니다.');
      if (payment.status !== 'ready') return failure(res, 400, `입금대기(ready) 상태의 가상계좌가 아닙니다. (${payment.status})`);
      const closed = { ...payment, status: 'cancelled', cancelled_at: now() };
      remember(closed);
      return ok(res, closed);
    }
  }
}

/** Control calls for the bench itself: answered at once, never counted. */
async function control(req, res, method, path) {
  if (method === 'GET' && path === '/__stats') return sendNow(res, 200, stats);
  if (method === 'POST' && path === '/__control') {
    const body = (await readBody(req)) ?? {};
    if (body.latency_ms !== undefined) latencyMs = Math.max(0, Number(body.latency_ms) || 0);
    return sendNow(res, 200, { latency_ms: latencyMs });
  }
  if (method === 'POST' && path === '/__payments') {
    const body = (await readBody(req)) ?? {};
    if (typeof body.merchant_uid !== 'string' || !Number.isFinite(body.amount)) return sendNow(res, 400, { error: 'merchant_uid and amount are required' });
    const { merchant_uid, amount, imp_uid = `imp_fake_${crypto.randomBytes(6).toString('hex')}`, ...fields } = body;
    const payment = { ...paidPayment(imp_uid, merchant_uid, amount), ...fields };
    if (payment.status === 'ready') Object.assign(payment, { paid_at: 0, apply_num: '' });
    remember(payment);
    return sendNow(res, 201, payment);
  }
  return sendNow(res, 404, { error: 'unknown control call' });
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  const handle = url.pathname.startsWith('/__') ? control(req, res, req.method, url.pathname) : rest(req, res, req.method, url.pathname, url.searchParams);
  handle.catch((error) => {
    if (!res.headersSent) sendNow(res, 500, { code: -1, message: String(error), response: null });
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(values.port), '127.0.0.1', () => console.log(`READY ${process.pid} ${server.address().port}`));

// never outlives whoever started it
const parent = process.ppid;
setInterval(() => process.ppid !== parent && process.exit(0), 1000).unref();
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
