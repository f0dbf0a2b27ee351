import type { FastifyInstance } from 'fastify';
import type { RestDeps } from './deps.js';
import { failure, ok } from './envelope.js';
import { guarded } from './guard.js';
import { cancelRoutes } from './rest-cancel.js';
import { paymentRoutes } from './rest-payments.js';
import { prepareRoutes } from './rest-prepare.js';
import { vbankRoutes } from './rest-vbanks.js';

/** The i'mport V1 REST API the sandbox implements. */
export async function restRoutes(app: FastifyInstance, deps: RestDeps): Promise<void> {
  const { state } = deps;

  // i'mport's texts. Missing credentials are not a 401: iamporter's suite against the live API expects this text, and
  // its client reports one of its own for every 401 (iamport-php's suite expects it too). Wrong ones: a 401 with the
  // text public integrations record from i'mport.
  app.post('/users/getToken', guarded(state, 'getToken', false), async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (!body.imp_key || !body.imp_secret) return failure(reply, 400, 'imp_key, imp_secret 파라메터가 누락되었습니다.');
    if (body.imp_key !== deps.credentials.apiKey || body.imp_secret !== deps.credentials.apiSecret) {
      return failure(reply, 401, '인증에 실패하였습니다. API키와 secret을 확인하세요.');
    }
    return ok(reply, state.issueToken());
  });

  await paymentRoutes(app, deps);
  await prepareRoutes(app, deps);
  await cancelRoutes(app, deps);
  await vbankRoutes(app, deps);
}
