import type { FastifyReply, FastifyRequest } from 'fastify';
import { PspUnavailable } from '../errors.js';
import type { MoneyDeps } from '../settlement/deps.js';
import { verifyPayment, type VerifyInput } from '../settlement/verify.js';
import type { Receipt, ReceiptWriter } from './receipts.js';

/** What a delivery's receipt says of it before its outcome is known. */
export type Arrival = Omit<Receipt, 'outcome'>;

/**
 * Every delivery is audited, including those refused before the handler recorded them (a bad body or signature, a
 * source not allowed, a body too large or too slow, a content type we do not read, a rate limit). Written before the
 * answer goes out, so whoever sees our answer finds the record.
 */
export function recordRefusals(receipts: ReceiptWriter, arrivalOf: (request: FastifyRequest) => Arrival) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (reply.statusCode < 400 || reply.statusCode >= 500) return payload;
    await receipts
      .record({ ...arrivalOf(request), outcome: `rejected_${reply.statusCode}` })
      .catch((error: unknown) => request.log.warn({ err: error }, 'rejected webhook not recorded'));
    return payload;
  };
}

/**
 * Verifies the payment a delivery names and records the delivery with its outcome, before the answer goes out: whoever
 * sees our answer finds the record. A verification that throws is recorded as unavailable or error, and rethrown.
 */
export async function verifyDelivery(deps: MoneyDeps, input: VerifyInput, arrival: Arrival, receipts: ReceiptWriter, reply: FastifyReply) {
  let outcome: string;
  try {
    outcome = (await verifyPayment(deps, input)).outcome;
  } catch (error) {
    await receipts.record({ ...arrival, outcome: error instanceof PspUnavailable ? 'unavailable' : 'error' }).catch(() => {});
    throw error;
  }
  await receipts.record({ ...arrival, outcome });
  deps.observe?.webhookCommitted(outcome, reply.elapsedTime / 1000);
  return { ok: true as const, outcome };
}
