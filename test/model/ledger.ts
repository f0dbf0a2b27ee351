import type { CancelEntry, IamportPayment } from '../../src/providers/iamport/schemas.js';
import type { Ledger, World } from './world.js';

interface RefundRow {
  id: string;
  source_id: string;
  kind: string;
  state: string;
  request_key: string | null;
}

/**
 * The money oracle: i'mport's own record of what was refunded, held against the service's refunds and the model's
 * ledger. Every cancel i'mport lists is exactly one of the service's completed refunds (named by its id) or one of the
 * console refunds the model made (named by its marker); each of those is listed exactly once; a refund i'mport lists
 * is never held as refused, left to a person or pending; and an operator told 200 has a completed refund.
 */
export async function brokenLedger(world: World, ledger: Ledger, merchantUid: string, iamport: IamportPayment[]): Promise<string[]> {
  const refunds = (await world.service.database.db
    .selectFrom('refunds')
    .select(['id', 'source_id', 'kind', 'state', 'request_key'])
    .where('merchant_uid', '=', merchantUid)
    .execute()) as RefundRow[];
  const problems = iamport.flatMap((p) => paymentLedger(p, refunds.filter((r) => r.source_id === p.imp_uid && r.kind === 'cancel'), ledger));
  for (const entry of ledger.operator.filter((e) => e.merchantUid === merchantUid && e.answers.includes(200))) {
    const refund = refunds.find((r) => r.request_key?.endsWith(`:${entry.key}`));
    if (refund?.state !== 'done') problems.push(`operator refund ${entry.key} was answered 200 but is ${refund?.state ?? 'not recorded'}`);
  }
  for (const key of ledger.refusedThoughListed) problems.push(`a retry of ${key} was answered 409 though i'mport listed its refund`);
  return problems;
}

function paymentLedger(p: IamportPayment, ours: RefundRow[], ledger: Ledger): string[] {
  const entries: CancelEntry[] = p.cancel_history ?? [];
  const consoles = ledger.console.filter((c) => c.impUid === p.imp_uid);
  const problems: string[] = [];
  for (const entry of entries) {
    const owners = ours.filter((r) => entry.reason?.includes(r.id)).length + consoles.filter((c) => entry.reason?.includes(c.marker)).length;
    if (owners !== 1) problems.push(`${p.imp_uid}: i'mport lists a cancel of ${entry.amount} ("${entry.reason}") that is ${owners ? 'claimed twice' : "nobody's"}`);
  }
  for (const refund of ours) {
    const listed = entries.filter((entry) => entry.reason?.includes(refund.id)).length;
    if (listed > 1) problems.push(`${p.imp_uid}: refund ${refund.id} was carried out ${listed} times`);
    if (listed === 1 && refund.state !== 'done') problems.push(`${p.imp_uid}: i'mport lists refund ${refund.id} as carried out, the service holds it ${refund.state}`);
    if (listed === 0 && refund.state === 'done') problems.push(`${p.imp_uid}: refund ${refund.id} is done here but not listed at i'mport`);
  }
  for (const console of consoles) {
    const listed = entries.filter((entry) => entry.reason?.includes(console.marker)).length;
    if (listed !== 1) problems.push(`${p.imp_uid}: the console refund ${console.marker} is listed ${listed} times`);
  }
  const total = entries.reduce((sum, entry) => sum + entry.amount, 0);
  if (total !== p.cancel_amount) problems.push(`${p.imp_uid}: i'mport's cancels add up to ${total}, its cancel_amount is ${p.cancel_amount}`);
  return problems;
}
