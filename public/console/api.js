// The internal API, called with the key this tab signed in with. No cookie is involved, so no other site can make
// the browser call it for us (no CSRF); the key lives in sessionStorage, gone when the tab closes.

const KEY = 'payment-verifier.api-key';

export const session = {
  key: () => sessionStorage.getItem(KEY),
  signIn: (key) => sessionStorage.setItem(KEY, key),
  signOut: () => sessionStorage.removeItem(KEY),
};

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

/** Listeners told when the key is refused (401), so the page can ask for it again. */
const refusedListeners = [];
export const onKeyRefused = (listener) => refusedListeners.push(listener);

export async function call(method, path, { body, headers = {} } = {}) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        authorization: `Bearer ${session.key() ?? ''}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, { message: 'the service could not be reached; check the connection and retry' });
  }
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = { message: `HTTP ${response.status}` };
  }
  if (response.status === 401) refusedListeners.forEach((listener) => listener());
  if (!response.ok) throw new ApiError(response.status, parsed);
  return parsed;
}

const query = (params) => {
  const entries = Object.entries(params).filter(([, value]) => value !== undefined && value !== null && value !== '');
  return entries.length ? `?${new URLSearchParams(entries)}` : '';
};

/** A file the API answers (a CSV export), fetched with the key like any call, then handed to the browser to save. */
export async function download(path, fallbackName) {
  let response;
  try {
    response = await fetch(path, { headers: { authorization: `Bearer ${session.key() ?? ''}` }, credentials: 'omit', cache: 'no-store' });
  } catch {
    throw new ApiError(0, { message: 'the service could not be reached; check the connection and retry' });
  }
  if (response.status === 401) refusedListeners.forEach((listener) => listener());
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  return name;
}

export const api = {
  status: () => call('GET', '/status'),
  whoami: () => call('GET', '/whoami'),
  orders: ({ cursor, ...filter }) => call('GET', `/orders/search${query({ ...filter, cursor, limit: 20 })}`),
  exportPath: (what, filter) => `/exports/${what}.csv${query(filter)}`,
  timeline: (merchantUid) => call('GET', `/orders/${encodeURIComponent(merchantUid)}/timeline`),
  receipt: (id) => call('GET', `/webhook-receipts/${encodeURIComponent(id)}`),
  attention: () => call('GET', '/attention?limit=20'),
  attentionPage: (list, cursor) => call('GET', `/attention/${list}${query({ cursor, limit: 20 })}`),
  refundBanks: (pgProvider) => call('GET', `/refund-banks${query({ pg_provider: pgProvider })}`),
  sync: (merchantUid) => call('POST', `/orders/${encodeURIComponent(merchantUid)}/sync`),
  refund: (merchantUid, body, idempotencyKey) =>
    call('POST', `/orders/${encodeURIComponent(merchantUid)}/cancel`, { body, headers: { 'idempotency-key': idempotencyKey } }),
  retryRefund: (refundId, body, idempotencyKey) =>
    call('POST', `/refunds/${encodeURIComponent(refundId)}/retry`, { body, headers: { 'idempotency-key': idempotencyKey } }),
  resendFailing: (endpoint) => call('POST', '/event-deliveries/resend', { body: { endpoint } }),
  resendEvent: (eventId) => call('POST', `/events/${encodeURIComponent(eventId)}/resend`),
};
