import type { FastifyRequest } from 'fastify';
import { z } from 'zod';

/** int64 as JSON carries it safely */
const int64 = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as KRW');
/** REST's Bank enum (79 values, e.g. KOOKMIN, SHINHAN): its spelling is checked, not its membership */
const bank = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'a Bank code such as KOOKMIN');

/** CancelPaymentBody (reference). */
export const cancelBody = z.object({
  storeId: z.string().optional(),
  amount: int64.min(1).optional(),
  taxFreeAmount: int64.optional(),
  vatAmount: int64.optional(),
  reason: z.string().min(1).max(1000),
  requester: z.enum(['CUSTOMER', 'ADMIN']).optional(),
  promotionDiscountRetainOption: z.enum(['RETAIN', 'RELEASE']).optional(),
  currentCancellableAmount: int64.optional(),
  refundAccount: z.object({ bank, number: z.string().min(1), holderName: z.string().min(1), holderPhoneNumber: z.string().optional() }).optional(),
  refundEmail: z.string().optional(),
  skipWebhook: z.boolean().optional(),
});

/** PreRegisterPaymentBody (reference): no field is required; an absent one is not checked at payment time. */
export const preRegisterBody = z.object({
  storeId: z.string().optional(),
  totalAmount: int64.optional(),
  taxFreeAmount: int64.optional(),
  currency: currencyCode.optional(),
});

const MAX_LISTED = 60_000;
const STATUS_FILTER = ['READY', 'PENDING', 'VIRTUAL_ACCOUNT_ISSUED', 'PAID', 'FAILED', 'PARTIAL_CANCELLED', 'CANCELLED'] as const;

/**
 * GetPaymentsBody (reference) as far as the simulator filters; the reference's other filter fields (methods,
 * pgProvider, textSearch, …) are refused by name, so that a test relying on one cannot pass by being ignored.
 */
export const listBody = z.object({
  page: z
    .strictObject({ number: z.number().int().min(0).default(0), size: z.number().int().min(1).default(10) })
    .refine((page) => (page.number + 1) * page.size <= MAX_LISTED, `(number + 1) * size는 ${MAX_LISTED}을 초과할 수 없습니다.`)
    .default({ number: 0, size: 10 }),
  filter: z
    .strictObject({
      storeId: z.string().optional(),
      merchantId: z.string().optional(),
      timestampType: z.enum(['CREATED_AT', 'STATUS_CHANGED_AT']).default('STATUS_CHANGED_AT'),
      from: z.iso.datetime({ offset: true }).optional(),
      until: z.iso.datetime({ offset: true }).optional(),
      status: z.array(z.enum(STATUS_FILTER)).optional(),
      isTest: z.boolean().optional(),
      sortBy: z.enum(['REQUESTED_AT', 'STATUS_CHANGED_AT']).optional(),
      sortOrder: z.enum(['DESC', 'ASC']).default('DESC'),
      version: z.enum(['V1', 'V2']).optional(),
      currency: currencyCode.optional(),
    })
    .default({ timestampType: 'STATUS_CHANGED_AT', sortOrder: 'DESC' }),
});
export type ListBody = z.infer<typeof listBody>;

/** Zod's complaint as one line naming the fields. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
}

const MAX_GET_BODY = 64 * 1024;

/**
 * The body of a GET, which fastify leaves unread: PortOne takes it as a JSON body or, URL-encoded, in the
 * `requestBody` query parameter (reference: x-portone-query-or-body). Undefined when neither is given.
 */
export async function getRequestBody(request: FastifyRequest): Promise<{ ok: true; value: unknown } | { ok: false; message: string }> {
  const query = (request.query as Record<string, unknown>).requestBody;
  let text = typeof query === 'string' ? query : undefined;
  if (text === undefined) {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request.raw) {
      size += (chunk as Buffer).length;
      if (size > MAX_GET_BODY) return { ok: false, message: 'body too large' };
      chunks.push(chunk as Buffer);
    }
    text = Buffer.concat(chunks).toString('utf8');
  }
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, message: 'requestBody is not JSON' };
  }
}
