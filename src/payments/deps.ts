import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { Db } from '../db/connect.js';
import type { IamportClient } from '../iamport/client.js';

/** What the money path needs: the database, i'mport, the rules' settings and a logger. */
export interface MoneyDeps {
  db: Db;
  iamport: IamportClient;
  config: Pick<Config, 'autoCancelForgery'>;
  log: FastifyBaseLogger;
}
