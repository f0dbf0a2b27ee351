import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import type { Db } from '../db/connect.js';
import type { Observer } from './observer.js';
import type { OrderRecord, PaymentRecord, RefundRecord, Rules } from './model.js';
import type { Providers } from './provider.js';

/** What the money path needs: the database, the PSP APIs' adapters, the rules' settings and a logger. */
export interface MoneyDeps {
  db: Db;
  /** the settlement core's own prepared statements run on the pool directly */
  pool: pg.Pool;
  /** one adapter per configured PSP API, picked by the order's provider */
  providers: Providers;
  rules: Rules;
  /** EVENT_WEBHOOK_URL is set: order events are queued for push as they are recorded */
  pushEvents: boolean;
  /** an event's `data` as the contract shows it: the order, and the payment a payment.* event is about */
  eventData: EventData;
  log: FastifyBaseLogger;
  /** metrics and the console's status strip; in-process only */
  observe?: Observer;
}

export type EventData = (order: OrderRecord, payment: PaymentRecord | undefined, refunds: RefundRecord[]) => Record<string, unknown>;
