import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import type { DatabaseHandle } from '../db/connect.js';

/** Mounts the i'mport simulator at /sandbox/iamport (sandbox mode only). */
export async function mountSandbox(_app: FastifyInstance, _deps: { database: DatabaseHandle; config: Config }): Promise<void> {}
