import { request } from 'undici';
import { PORTONE_SANDBOX } from '../../../src/sandbox/portone/credentials.js';

export interface Answer {
  status: number;
  body: any;
}

export const AUTH = `PortOne ${PORTONE_SANDBOX.apiSecret}`;

/** One V2 REST call over loopback, without keep-alive so a destroyed connection fails only this call. */
export async function v2(base: string, method: string, path: string, options: { body?: unknown; auth?: string | null; headers?: Record<string, string> } = {}): Promise<Answer> {
  const { body, auth = AUTH, headers = {} } = options;
  const response = await request(base + path, {
    method: method as 'GET',
    headers: {
      connection: 'close',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(auth ? { authorization: auth } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.body.text();
  return { status: response.statusCode, body: text ? JSON.parse(text) : undefined };
}

/** GET /payments with its body in the `requestBody` query parameter, as PortOne's server SDK sends it. */
export const listPayments = (base: string, body: unknown, auth?: string | null) =>
  v2(base, 'GET', `/payments?requestBody=${encodeURIComponent(JSON.stringify(body))}`, { auth });
