import { request } from 'undici';
import type { SandboxHandle } from '../helpers/sandbox.js';

export interface Answer {
  status: number;
  body: { code: number; message: string | null; response: any };
}

export interface CallOptions {
  body?: unknown;
  token?: string;
  /** send the body form-encoded, as older clients do */
  form?: boolean;
  headers?: Record<string, string>;
}

/** One REST call over loopback, without keep-alive so a destroyed connection fails only this call. */
export async function call(base: string, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const { body, token, form, headers = {} } = options;
  const encoded =
    body === undefined ? undefined : form ? new URLSearchParams(body as Record<string, string>).toString() : JSON.stringify(body);
  const response = await request(base + path, {
    method: method as 'GET',
    headers: {
      connection: 'close',
      ...(body === undefined ? {} : { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' }),
      ...(token ? { authorization: token } : {}),
      ...headers,
    },
    body: encoded,
  });
  const text = await response.body.text();
  return { status: response.statusCode, body: JSON.parse(text) };
}

/** What a call rejected with, or undefined when it answered. */
export function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

export async function tokenOf(sandbox: SandboxHandle): Promise<string> {
  const { apiKey, apiSecret } = sandbox.credentials;
  const answer = await call(sandbox.url, 'POST', '/users/getToken', { body: { imp_key: apiKey, imp_secret: apiSecret } });
  return answer.body.response.access_token as string;
}
