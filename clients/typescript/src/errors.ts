import type { ErrorBody, PaymentErrorBody } from './types.js';

/**
 * Every failure of a call, as one class: an error answer of the service (after any retries), no answer at all
 * (refused, reset, timed out), an answer that is not the service's, or a call the caller aborted.
 */
export class PaymentVerifierError extends Error {
  override readonly name = 'PaymentVerifierError';
  /**
   * `error` of the service's body (`not_found`, `invalid`, `conflict`, `rate_limited`, ...); without one, `http_<status>`;
   * without an answer `network_error`, `timeout` or `aborted`; `invalid_response` for a success whose body is unreadable
   */
  readonly code: string;
  /** the HTTP status, or null when no answer came */
  readonly status: number | null;
  /** the service's error body, when it sent one */
  readonly body: ErrorBody | PaymentErrorBody | undefined;
  /** seconds the service asked to wait (Retry-After), if it said */
  readonly retryAfter: number | null;
  /** the service's id of the request (X-Request-Id), for its logs */
  readonly requestId: string | null;

  constructor(init: { code: string; message: string; status?: number | null; body?: ErrorBody; response?: Response; cause?: unknown }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.status = init.status ?? init.response?.status ?? null;
    this.body = init.body;
    const retryAfter = Number(init.response?.headers.get('retry-after') ?? Number.NaN);
    this.retryAfter = Number.isFinite(retryAfter) ? retryAfter : null;
    this.requestId = init.response?.headers.get('x-request-id') ?? null;
  }

  /** An error answer of the service (or of something in front of it). */
  static fromAnswer(response: Response, body: unknown): PaymentVerifierError {
    const known = isErrorBody(body) ? body : undefined;
    const message = known?.message ?? `payment-verifier answered ${response.status}`;
    return new PaymentVerifierError({ code: known?.error ?? `http_${response.status}`, message, body: known, response });
  }

  /** Whatever a call threw before an answer could be read: a network failure, a timeout, an abort, a broken body. */
  static fromThrown(error: unknown): PaymentVerifierError {
    if (error instanceof PaymentVerifierError) return error;
    const name = (error as { name?: string } | null)?.name;
    const reason = error instanceof Error ? error.message : String(error);
    if (name === 'TimeoutError') return new PaymentVerifierError({ code: 'timeout', message: 'payment-verifier did not answer in time', cause: error });
    if (name === 'AbortError') return new PaymentVerifierError({ code: 'aborted', message: 'the call was aborted', cause: error });
    if (error instanceof SyntaxError) return new PaymentVerifierError({ code: 'invalid_response', message: `payment-verifier's answer is not JSON: ${reason}`, cause: error });
    const detail = (error as { cause?: { code?: string } } | null)?.cause?.code ?? reason;
    return new PaymentVerifierError({ code: 'network_error', message: `payment-verifier could not be reached: ${detail}`, cause: error });
  }
}

const isErrorBody = (body: unknown): body is ErrorBody =>
  typeof body === 'object' && body !== null && typeof (body as ErrorBody).message === 'string' && typeof (body as ErrorBody).error === 'string';

/** openapi-fetch's `{ data, error, response }` to the data, or a thrown PaymentVerifierError. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) return result.data as T;
  throw PaymentVerifierError.fromAnswer(result.response, result.error);
}
