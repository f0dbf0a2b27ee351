import type { ErrorBody } from './types.js';

/** The service answered with an error status (after any retries): its status, its error code and its body. */
export class PaymentVerifierError extends Error {
  override readonly name = 'PaymentVerifierError';
  /** `error` of the body (`not_found`, `invalid`, `conflict`, ...), or `http_<status>` for a body that is not the service's */
  readonly code: string;
  /** seconds the service asked to wait (429), if it said */
  readonly retryAfter: number | null;
  /** the service's id of the request, for its logs */
  readonly requestId: string | null;

  constructor(
    readonly status: number,
    readonly body: ErrorBody | undefined,
    response: Response,
  ) {
    super(body?.message ?? `payment-verifier answered ${status}`);
    this.code = body?.error ?? `http_${status}`;
    const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
    this.retryAfter = Number.isFinite(retryAfter) ? retryAfter : null;
    this.requestId = response.headers.get('x-request-id');
  }
}

const isErrorBody = (body: unknown): body is ErrorBody =>
  typeof body === 'object' && body !== null && typeof (body as ErrorBody).message === 'string';

/** openapi-fetch's `{ data, error, response }` to the data, or a thrown PaymentVerifierError. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok) return result.data as T;
  throw new PaymentVerifierError(result.response.status, isErrorBody(result.error) ? result.error : undefined, result.response);
}
