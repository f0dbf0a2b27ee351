import { sql } from 'kysely';
import { Conflict, Invalid, NotFound } from '../errors.js';
import { applyFact } from './apply.js';
import type { MoneyDeps } from './deps.js';
import { PSP_NAME, type Provider, type RefundRecord, type RefundTo, type SettlementState } from './model.js';
import type { PaymentProvider } from './provider.js';
import { carryOut } from './refunds.js';

export interface RetryRequest {
  refundTo?: RefundTo;
  actor: string;
}

export interface Retried {
  state: SettlementState;
  refund: RefundRecord;
  /** whether it was sent to i'mport again: not when i'mport showed it done, or the money returned by another cancel */
  sent: boolean;
}

/**
 * An operator finishes a refund left to them (or refused while they waited): the payment is re-read at its PSP with
 * nothing locked, the retry committed against it (retry-transition.ts: the same refund, the checksum read now), then
 * carried out and its answer applied, as an operator's refund is. A refund that landed meanwhile is completed, not sent
 * again. Returns the refund as it stands after the attempt (done, pending when the PSP's answer was lost, or refused
 * again); throws when the retry is not allowed.
 */
export async function retryRefundById(deps: MoneyDeps, refundId: string, request: RetryRequest): Promise<Retried> {
  const target = await deps.db
    .selectFrom('refunds')
    .innerJoin('payments', 'payments.source_id', 'refunds.source_id')
    .select(['refunds.merchant_uid', 'refunds.source_id', 'refunds.kind', 'refunds.refund_to'])
    .select([sql<Provider>`payments.snapshot->>'provider'`.as('provider'), sql<string | null>`payments.snapshot->>'method'`.as('method'), sql<string | null>`payments.snapshot->>'pg'`.as('pg')])
    .where('refunds.id', '=', refundId)
    .executeTakeFirst();
  if (!target) throw new NotFound(`no refund ${refundId}`);
  const provider = deps.providers.of(target.provider);
  checkAccount(provider, target, request.refundTo);
  const seen = await provider.reread({ source_id: target.source_id, order_id: target.merchant_uid });
  if (!seen) throw new Conflict(`${PSP_NAME[target.provider]} has no payment ${target.source_id}`);
  const retried = await applyFact(deps, target.merchant_uid, { kind: 'refund_retried', retry: { refundId, seen, ...request } });
  if (!retried) throw new NotFound(`no refund ${refundId}`);
  const { rejection, execute } = retried.result;
  if (rejection) throw rejection.kind === 'invalid' ? new Invalid(rejection.message, rejection.extra) : new Conflict(rejection.message);
  const answered = execute.length ? await carryOut(deps, target.merchant_uid, execute[0]!, true) : retried;
  const state = answered?.result ?? retried.result;
  return { state, refund: state.refunds.find((r) => r.id === refundId)!, sent: execute.length > 0 };
}

interface Target {
  kind: string;
  refund_to: unknown;
  method: string | null;
  pg: string | null;
}

/** A deposited virtual account is refunded to the buyer's bank account, named by the code the payment's PG uses. */
function checkAccount(provider: PaymentProvider, target: Target, refundTo: RefundTo | undefined): void {
  if (refundTo?.bank && !provider.refundBanks(target.pg).some((bank) => bank.code === refundTo.bank)) {
    throw new Invalid(`body.refund_bank: ${refundTo.bank} is not a bank code ${target.pg ?? 'the PG'} takes; see GET /refund-banks`);
  }
  const account = refundTo ?? (target.refund_to as RefundTo | null);
  if (target.kind === 'cancel' && target.method === 'vbank' && !(account?.holder && account.bank && account.account)) {
    throw new Invalid("body.refund_account: a deposited virtual account is refunded to the buyer's bank account; give refund_holder, refund_bank and refund_account");
  }
}
