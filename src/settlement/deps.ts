import type { FastifyBaseLogger } from 'fastify';
import type pg from 'pg';
import type { Db } from '../db/connect.js';
import type { IamportClient } from '../iamport/client.js';
import type { Observer } from './observer.js';
import type { Rules } from './model.js';

/** What the money path needs: the database, i'mport, the rules' settings and a logger. */
export interface MoneyDeps {
  db: Db;
  /** the settlement core's own prepared statements run on the pool directly */
  pool: pg.Pool;
  iamport: IamportClient;
  rules: Rules;
  /** EVENT_WEBHOOK_URL is set: order events are queued for push as they are recorded */
  pushEvents: boolean;
  log: FastifyBaseLogger;
  /** metrics and the console's status strip; in-process only */
  observe?: Observer;
}
