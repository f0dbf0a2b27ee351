import type { FastifyInstance } from 'fastify';
import type { IamportPayment } from '../providers/iamport/schemas.js';
import { applyCancel, type CancelInput } from './cancel.js';
import { ok, refuse } from './envelope.js';
import { guarded } from './guard.js';
import { isTrue, parseNumber, parseText } from './inputs.js';
import type { RestDeps } from './deps.js';

const NOTHING_TO_CANCEL = '취소할 결제건이 존재하지 않습니다.';
const TEXT_FIELDS = ['imp_uid', 'merchant_uid', 'reason', 'refund_holder', 'refund_bank', 'refund_account', 'refund_tel'] as const;
const NUMBER_FIELDS = ['amount', 'tax_free', 'vat_amount', 'checksum'] as const;

interface CancelBody extends CancelInput {
  imp_uid?: string;
  merchant_uid?: string;
}

/**
 * The cancel request, or the refusal's message. Only a missing or 0 amount means "all that remains" (reference:
 * amount); a negative or non-numeric one is refused, never read as a full refund.
 */
function parseCancel(body: Record<string, unknown>): CancelBody | string {
  const text: Partial<Record<(typeof TEXT_FIELDS)[number], string>> = {};
  for (const field of TEXT_FIELDS) {
    const parsed = parseText(body[field]);
    if (!parsed.ok) return `${field}가 올바르지 않습니다.`;
    text[field] = parsed.value;
  }
  const numbers: Partial<Record<(typeof NUMBER_FIELDS)[number], number>> = {};
  for (const field of NUMBER_FIELDS) {
    const parsed = parseNumber(body[field]);
    if (!parsed.ok || (parsed.value ?? 0) < 0) return `${field}(${String(body[field])})가 올바르지 않습니다.`;
    numbers[field] = parsed.value;
  }
  if (!text.imp_uid && !text.merchant_uid) return 'imp_uid 또는 merchant_uid 중 하나를 지정해주셔야합니다.';
  const refund = { holder: text.refund_holder, bank: text.refund_bank, account: text.refund_account };
  return { imp_uid: text.imp_uid, merchant_uid: text.merchant_uid, amount: numbers.amount, checksum: numbers.checksum, reason: text.reason, refund };
}

/**
 * The payment a cancel by merchant_uid acts on: the newest one that can still be cancelled (paid, else an open
 * virtual account), else the newest of any status, so that repeating a full cancel answers "이미 전액취소된
 * 주문입니다." — the text integrations match to treat a repeat as done — rather than "no such payment".
 */
function cancelTarget(newestFirst: IamportPayment[]): string | undefined {
  const target = newestFirst.find((p) => p.status === 'paid') ?? newestFirst.find((p) => p.status === 'ready') ?? newestFirst[0];
  return target?.imp_uid;
}

/** POST /payments/cancel (reference: Cancel). */
export async function cancelRoutes(app: FastifyInstance, { store, state, webhooks }: RestDeps): Promise<void> {
  app.post('/payments/cancel', guarded(state, 'cancel'), async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const input = parseCancel(body);
    if (typeof input === 'string') return refuse(reply, input);
    // imp_uid wins when both are given, and an unknown one fails whatever merchant_uid says (cancel guide v1)
    const impUid = input.imp_uid ?? cancelTarget(await store.findByMerchantUid(input.merchant_uid!));
    if (!impUid) return refuse(reply, NOTHING_TO_CANCEL);
    const result = await store.update(impUid, (payment) => {
      const outcome = applyCancel(payment, input);
      return outcome.ok ? outcome.payment : outcome.message;
    });
    if (!result) return refuse(reply, NOTHING_TO_CANCEL);
    if ('refusal' in result) return refuse(reply, result.refusal);
    if (isTrue(body.enable_webhook)) webhooks.send(result.payment);
    return ok(reply, result.payment);
  });
}
