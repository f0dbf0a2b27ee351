import { PSP_NAME } from '../../src/settlement/model.js';
import type { Fact } from './psp/driver.js';
import type { Ledger, World } from './world.js';

interface RefundRow {
  id: string;
  source_id: string;
  kind: string;
  state: string;
  request_key: string | null;
}

/**
 * The money oracle: the PSP's own record of what was refunded, held against the service's refunds and the model's
 * ledger. Every cancel the PSP lists is exactly one of the service's refunds (named by its id) or one of the console
 * refunds the model made (named by its marker); each of those carried out exactly once; a refund the PSP carried out
 * is done here, and one done here was carried out; none is left accepted but not carried out (V2's REQUESTED) at the
 * end of a history; and an operator told 200 has a completed refund.
 */
export async function brokenLedger(world: World, ledger: Ledger, merchantUid: string, psp: Fact[]): Promise<string[]> {
  const refunds = (await world.service.database.db
    .selectFrom('refunds')
    .select(['id', 'source_id', 'kind', 'state', 'request_key'])
    .where('merchant_uid', '=', merchantUid)
    .execute()) as RefundRow[];
  const name = PSP_NAME[world.psp.provider];
  const problems = psp.flatMap((p) => paymentLedger(p, refunds.filter((r) => r.source_id === p.source_id && r.kind === 'cancel'), ledger, name));
  for (const entry of ledger.operator.filter((e) => e.merchantUid === merchantUid && e.answers.includes(200))) {
    const refund = refunds.find((r) => r.request_key?.endsWith(`:${entry.key}`));
    if (refund?.state !== 'done') problems.push(`operator refund ${entry.key} was answered 200 but is ${refund?.state ?? 'not recorded'}`);
  }
  for (const key of ledger.refusedThoughListed) problems.push(`a retry of ${key} was answered 409 though ${name} listed its refund`);
  return problems;
}

function paymentLedger(p: Fact, ours: RefundRow[], ledger: Ledger, name: string): string[] {
  const consoles = ledger.console.filter((c) => c.source === p.source_id);
  const carriedOut = p.cancels.filter((cancel) => cancel.status === 'succeeded');
  const problems: string[] = [];
  for (const cancel of p.cancels) {
    const owners = ours.filter((r) => cancel.reason?.includes(r.id)).length + consoles.filter((c) => cancel.reason?.includes(c.marker)).length;
    if (owners !== 1) problems.push(`${p.source_id}: ${name} lists a cancel of ${cancel.amount} ("${cancel.reason}", ${cancel.status}) that is ${owners ? 'claimed twice' : "nobody's"}`);
    if (cancel.status === 'requested') problems.push(`${p.source_id}: ${name} still carries out a cancel of ${cancel.amount} ("${cancel.reason}") after the history`);
  }
  for (const refund of ours) {
    const listed = carriedOut.filter((cancel) => cancel.reason?.includes(refund.id)).length;
    if (listed > 1) problems.push(`${p.source_id}: refund ${refund.id} was carried out ${listed} times`);
    if (listed === 1 && refund.state !== 'done') problems.push(`${p.source_id}: ${name} lists refund ${refund.id} as carried out, the service holds it ${refund.state}`);
    if (listed === 0 && refund.state === 'done') problems.push(`${p.source_id}: refund ${refund.id} is done here but not carried out at ${name}`);
  }
  for (const console of consoles) {
    const listed = carriedOut.filter((cancel) => cancel.reason?.includes(console.marker)).length;
    if (listed !== 1) problems.push(`${p.source_id}: the console refund ${console.marker} is listed ${listed} times`);
  }
  const total = carriedOut.reduce((sum, cancel) => sum + cancel.amount, 0);
  if (total !== p.cancel_amount) problems.push(`${p.source_id}: ${name}'s cancels add up to ${total}, its cancelled amount is ${p.cancel_amount}`);
  return problems;
}
