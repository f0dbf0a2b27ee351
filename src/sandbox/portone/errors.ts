import type { FastifyReply } from 'fastify';

/** V2's error types the simulator answers, with the HTTP status of each (reference: x-portone-status-code). */
export const ERROR_STATUS = {
  INVALID_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  PAYMENT_NOT_FOUND: 404,
  ALREADY_PAID: 409,
  PAYMENT_NOT_PAID: 409,
  PAYMENT_ALREADY_CANCELLED: 409,
  CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN: 409,
  CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT: 409,
  CANCEL_TAX_FREE_AMOUNT_EXCEEDS_CANCELLABLE_TAX_FREE_AMOUNT: 409,
  SUM_OF_PARTS_EXCEEDS_CANCEL_AMOUNT: 409,
  PAYMENT_NOT_WAITING_FOR_DEPOSIT: 409,
  PG_PROVIDER: 502,
} as const;

export type ErrorType = keyof typeof ERROR_STATUS;

/** A refusal as the rules decide it; routes send it in V2's error shape. */
export interface Refusal {
  type: ErrorType;
  message: string;
}

export const refusal = (type: ErrorType, message: string): Refusal => ({ type, message });
export const isRefusal = (value: unknown): value is Refusal =>
  typeof value === 'object' && value !== null && 'type' in value && Object.hasOwn(ERROR_STATUS, (value as Refusal).type);

export const NOT_FOUND = refusal('PAYMENT_NOT_FOUND', '결제 건이 존재하지 않습니다.');
/** a storeId the secret may not act for */
export const FORBIDDEN = refusal('FORBIDDEN', '요청한 상점에 접근할 권한이 없습니다.');

/** V2's error shape: `{ type, message }` with the type's HTTP status; PG_PROVIDER adds the PG's code and message. */
export function sendRefusal(reply: FastifyReply, { type, message }: Refusal, pg?: { pgCode: string; pgMessage: string }) {
  return reply.status(ERROR_STATUS[type]).send({ type, message, ...pg });
}

export function invalidRequest(reply: FastifyReply, message: string) {
  return sendRefusal(reply, refusal('INVALID_REQUEST', message));
}
