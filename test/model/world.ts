import { sql } from 'kysely';
import type { Test } from 'tap';
import { passOf, recheckAt } from '../../src/reconcile/recent-changes.js';
import { sweepOnce } from '../../src/reconcile/sweeper.js';
import type { Provider } from '../../src/settlement/model.js';
import { startService, type Service } from '../helpers/service.js';
import type { ModelOrder, ModelPayment, PspDriver } from './psp/driver.js';
import { IAMPORT_LIVE, IamportDriver } from './psp/iamport.js';
import { PORTONE_LIVE, PortOneDriver } from './psp/portone.js';

export type { ModelOrder, ModelPayment } from './psp/driver.js';

/**
 * The world a model-based run drives: the real service on a real PostgreSQL, with the simulators as the PSPs, and the
 * PSP its orders are paid through driven by its own means (psp/). One world serves every sequence; each sequence has
 * orders of its own, so none sees another's.
 */
export interface World {
  service: Service;
  psp: PspDriver;
  /**
   * every HTTP status the service answered in the current sequence, whether a fault was armed before it, and for a
   * refund whether the PSP had accepted it to carry out later
   */
  answers: Array<{ what: string; status: number; faulted: boolean; requestedAtPsp?: boolean }>;
  faulted: boolean;
}

/** The model's own account of money, held against the PSP's record and the service's after each history. */
export interface Ledger {
  /** refunds made at the PSP's console, each named by a marker in its reason, by the payment source that lists it */
  console: Array<{ source: string; marker: string }>;
  /** operator refunds: the Idempotency-Key, the body, and the status of every answer to it (retries included) */
  operator: Array<{ key: string; merchantUid: string; body: Record<string, unknown>; answers: number[] }>;
  /** retries answered 409 although the PSP listed their refund as carried out or accepted */
  refusedThoughListed: string[];
}

/** What the commands know of the sequence so far: which orders and payments exist to act on, and the ledger. */
export interface Model {
  orders: ModelOrder[];
  payments: ModelPayment[];
  /** other shops' payments on the same PSP account, and how many of them are from days ago */
  others: ModelPayment[];
  oldOthers: number;
  ledger: Ledger;
}

const DRIVERS: Record<Provider, new (service: Service) => PspDriver> = { iamport: IamportDriver, portone: PortOneDriver };

export async function startWorld(t: Test, provider: Provider): Promise<World> {
  // live mode, as in production: test-channel payments are forgeries. Both PSPs are configured, as for a shop moving
  // between them. Short PSP timeouts keep hung calls cheap; the sweeper runs only when a history asks for it.
  const limits = { PUBLIC_RATE_LIMIT: '100000000', INTERNAL_RATE_LIMIT: '100000000' };
  const service = await startService(t, { IAMPORT_SANDBOX: 'false', ...IAMPORT_LIVE, ...PORTONE_LIVE, ...limits });
  return { service, psp: new DRIVERS[provider](service), answers: [], faulted: false };
}

/** Every history starts from empty tables (service and simulators), so none sees another's leftovers and a shrunk one replays alike. */
const TABLES =
  'orders, payments, refunds, order_events, event_deliveries, event_delivery_attempts, webhook_receipts, reconcile_passes, iamport_sandbox.payments, iamport_sandbox.prepared, portone_sandbox.payments';

export async function beginSequence(world: World, newOrders: Array<{ amount: number; asyncCancels: boolean }>): Promise<Model> {
  world.answers = [];
  world.faulted = false;
  await world.psp.reset();
  await world.psp.drainWebhooks();
  await sql.raw(`TRUNCATE ${TABLES} CASCADE`).execute(world.service.database.db);
  const orders: ModelOrder[] = [];
  for (const { amount, asyncCancels } of newOrders) {
    const created = await world.service.createOrder(amount, 'T-shirt', world.psp.provider);
    orders.push({ merchantUid: created.merchant_uid, amount });
    if (asyncCancels) await world.psp.asyncCancels?.enable(created.merchant_uid);
  }
  return { orders, payments: [], others: [], oldOthers: 0, ledger: { console: [], operator: [], refusedThoughListed: [] } };
}

/** Calls the service and remembers its answer for the "no 5xx but a 503 during a fault" check. */
export async function answered(world: World, what: string, call: Promise<{ status: number; body: unknown }>): Promise<{ status: number; body: any }> {
  const result = await call;
  world.answers.push({ what, status: result.status, faulted: world.faulted });
  return result;
}

/**
 * Pages small enough that other shops' traffic spans several, and a walk several passes: the re-check must continue
 * where it stopped. At most two old payments per history (MAX_OLD_OTHERS) never fill a page: a walk may end only at
 * a page wholly older than the watermark.
 */
export const WALK_LIMITS = { pageSize: 3, maxPages: 2 };
const MAX_PASSES = 40;

/** One pass of the paid re-check of the world's PSP. */
export async function recheck(world: World): Promise<boolean> {
  const deps = world.service.app.deps.money;
  const result = await recheckAt(deps, deps.providers.of(world.psp.provider), 1, WALK_LIMITS);
  return result?.complete === true;
}

/** Paid re-check passes until a walk completes; each continues where the last stopped. */
export async function recheckUntilComplete(world: World): Promise<void> {
  for (let pass = 0; pass < MAX_PASSES; pass += 1) if (await recheck(world)) return;
  throw new Error(`the re-check did not complete in ${MAX_PASSES} passes`);
}

/**
 * The end of a sequence: the faults clear, cancels the PSP accepted to carry out later are carried out, webhooks in
 * flight land, time passes for whatever was left to retry, and the sweeper runs (unfinished orders, owed refunds, and
 * the re-check of what changed at the PSP since it began).
 */
export async function settle(world: World, model: Model, sequenceStart: number): Promise<void> {
  const { service, psp } = world;
  await psp.reset();
  await psp.asyncCancels?.finish(model.orders.map((order) => order.merchantUid));
  await psp.drainWebhooks();
  const db = service.database.db;
  await sql`UPDATE refunds SET next_attempt_at = now() WHERE state = 'pending'`.execute(db);
  await sql`DELETE FROM reconcile_passes`.execute(db);
  await sql`INSERT INTO reconcile_passes (name, watermark, lease_until) VALUES (${passOf(psp.provider)}, ${sequenceStart}, now())`.execute(db);
  const deps = service.app.deps.money;
  await recheckUntilComplete(world);
  for (let pass = 0; pass < 2; pass += 1) {
    await sweepOnce(deps, 0, 1000);
    await sql`UPDATE refunds SET next_attempt_at = now() WHERE state = 'pending'`.execute(db);
  }
  await psp.drainWebhooks();
}
