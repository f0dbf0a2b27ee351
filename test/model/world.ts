import { sql } from 'kysely';
import { SANDBOX_CREDENTIALS } from '../../src/config.js';
import type { Test } from 'tap';
import { recheckRecentChanges } from '../../src/reconcile/recent-changes.js';
import { sweepOnce } from '../../src/reconcile/sweeper.js';
import type { Payment, SandboxControl } from '../../src/sandbox/control-client.js';
import { startService, type Service } from '../helpers/service.js';

/**
 * The world a model-based run drives: the real service on a real PostgreSQL, with the sandbox as i'mport. One world
 * serves every sequence; each sequence has orders of its own, so none sees another's.
 */
export interface World {
  service: Service;
  control: SandboxControl;
  /** every HTTP status the service answered in the current sequence, and whether a fault was armed before it */
  answers: Array<{ what: string; status: number; faulted: boolean }>;
  faulted: boolean;
}

export interface ModelOrder {
  merchantUid: string;
  amount: number;
}

export interface ModelPayment {
  impUid: string;
  merchantUid: string;
  vbank: boolean;
}

/** The model's own account of money, held against i'mport's record and the service's after each history. */
export interface Ledger {
  /** refunds made at i'mport's console, each named by a marker in its reason */
  console: Array<{ impUid: string; marker: string }>;
  /** operator refunds: the Idempotency-Key, the body, and the status of every answer to it (retries included) */
  operator: Array<{ key: string; merchantUid: string; body: Record<string, unknown>; answers: number[] }>;
  /** retries answered 409 although i'mport listed their refund as carried out */
  refusedThoughListed: string[];
}

/** What the commands know of the sequence so far: which orders and payments exist to act on, and the ledger. */
export interface Model {
  orders: ModelOrder[];
  payments: ModelPayment[];
  /** other shops' payments on the same i'mport account, and how many of them are from days ago */
  others: string[];
  oldOthers: number;
  ledger: Ledger;
}

export async function startWorld(t: Test): Promise<World> {
  // live mode, as in production: the sandbox's test-channel payments are forgeries. A short i'mport timeout keeps
  // hung calls cheap; the sweeper runs only when a history asks for it.
  const live = { IAMPORT_SANDBOX: 'false', IAMPORT_API_KEY: SANDBOX_CREDENTIALS.apiKey, IAMPORT_API_SECRET: SANDBOX_CREDENTIALS.apiSecret, IAMPORT_PG_API_KEY: 'model' };
  const service = await startService(t, { ...live, IAMPORT_TIMEOUT_MS: '300', PUBLIC_RATE_LIMIT: '100000000', INTERNAL_RATE_LIMIT: '100000000' });
  return { service, control: service.sandbox.control, answers: [], faulted: false };
}

/** Every history starts from empty tables (service and sandbox), so none sees another's leftovers and a shrunk one replays alike. */
const TABLES = 'orders, payments, refunds, order_events, event_deliveries, event_delivery_attempts, webhook_receipts, reconcile_passes, iamport_sandbox.payments, iamport_sandbox.prepared';

export async function beginSequence(world: World, amounts: number[]): Promise<Model> {
  world.answers = [];
  world.faulted = false;
  await world.control.reset();
  await world.control.drainWebhooks();
  await sql.raw(`TRUNCATE ${TABLES} CASCADE`).execute(world.service.database.db);
  const orders: ModelOrder[] = [];
  for (const amount of amounts) {
    const created = await world.service.createOrder(amount);
    orders.push({ merchantUid: created.merchant_uid, amount });
  }
  return { orders, payments: [], others: [], oldOthers: 0, ledger: { console: [], operator: [], refusedThoughListed: [] } };
}

/** Calls the service and remembers its answer for the "no 5xx but a 503 during a fault" check. */
export async function answered(world: World, what: string, call: Promise<{ status: number; body: unknown }>): Promise<{ status: number; body: any }> {
  const result = await call;
  world.answers.push({ what, status: result.status, faulted: world.faulted });
  return result;
}

export const remember = (model: Model, payment: Payment, vbank: boolean) =>
  model.payments.push({ impUid: payment.imp_uid, merchantUid: payment.merchant_uid, vbank });

/**
 * Pages small enough that other shops' traffic spans several, and a walk several passes: the re-check must continue
 * where it stopped. At most two old payments per history (MAX_OLD_OTHERS) never fill a page: a walk may end only at
 * a page wholly older than the watermark.
 */
export const WALK_LIMITS = { pageSize: 3, maxPages: 2 };
const MAX_PASSES = 40;

/** Paid re-check passes until a walk completes; each continues where the last stopped. */
export async function recheckUntilComplete(world: World): Promise<void> {
  for (let pass = 0; pass < MAX_PASSES; pass += 1) {
    const [result] = await recheckRecentChanges(world.service.app.deps.money, 1, WALK_LIMITS);
    if (result?.complete) return;
  }
  throw new Error(`the re-check did not complete in ${MAX_PASSES} passes`);
}

/**
 * The end of a sequence: the faults clear, webhooks in flight land, time passes for whatever was left to retry, and
 * the sweeper runs (unfinished orders, owed refunds, and the re-check of what changed at i'mport since it began).
 */
export async function settle(world: World, sequenceStart: number): Promise<void> {
  const { service, control } = world;
  await control.reset();
  await control.drainWebhooks();
  const db = service.database.db;
  await sql`UPDATE refunds SET next_attempt_at = now() WHERE state = 'pending'`.execute(db);
  await sql`DELETE FROM reconcile_passes`.execute(db);
  await sql`INSERT INTO reconcile_passes (name, watermark, lease_until) VALUES ('recent_changes:iamport', ${sequenceStart}, now())`.execute(db);
  const deps = service.app.deps.money;
  await recheckUntilComplete(world);
  for (let pass = 0; pass < 2; pass += 1) {
    await sweepOnce(deps, 0, 1000);
    await sql`UPDATE refunds SET next_attempt_at = now() WHERE state = 'pending'`.execute(db);
  }
  await control.drainWebhooks();
}
