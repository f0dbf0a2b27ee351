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

export const api = {
  status: () => call('GET', '/status'),
  orders: ({ q, status, cursor }) =>
    q ? call('GET', `/orders/search${query({ q, status, cursor, limit: 20 })}`) : call('GET', `/orders${query({ status, cursor, limit: 20 })}`),
  timeline: (merchantUid) => call('GET', `/orders/${encodeURIComponent(merchantUid)}/timeline`),
  attention: () => call('GET', '/attention'),
  refundsNeedingOperator: () => call('GET', '/refunds?state=needs_operator&limit=100'),
  sync: (merchantUid) => call('POST', `/orders/${encodeURIComponent(merchantUid)}/sync`),
  refund: (merchantUid, body, idempotencyKey) =>
    call('POST', `/orders/${encodeURIComponent(merchantUid)}/cancel`, { body, headers: { 'idempotency-key': idempotencyKey } }),
};
