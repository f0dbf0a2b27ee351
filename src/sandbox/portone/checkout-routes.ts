import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { unstorable } from '../inputs.js';
import { approve, DECLINED, fail, issueAccount, newAttempt } from './attempts.js';
import { accountHours, checkoutBody, customerOf, paymentRequest, type PaymentRequest } from './checkout-params.js';
import type { PortOneDeps } from './deps.js';
import { eventOf } from './events.js';
import { wasPaid, type Attempt, type PaymentRecord } from './model.js';
import { describeIssues } from './rest-inputs.js';

const PUBLIC_DIR = new URL('../../../public/sandbox/portone/', import.meta.url);
const USER_CLOSED = '사용자가 결제를 취소하셨습니다';
/** PortOne notifies shortly after the browser got its answer; the order between the two is not guaranteed. */
const WEBHOOK_DELAY_MS = 300;

/** requestPayment's resolved value (reference: browser SDK, PaymentResponse; a failure carries `code`). */
interface PaymentResponse {
  transactionType: 'PAYMENT';
  txId?: string;
  paymentId?: string;
  code?: string;
  message?: string;
  pgCode?: string;
  pgMessage?: string;
}

type Choice = z.infer<typeof checkoutBody>['choice'];
const refused = (params: { paymentId?: unknown }, code: string, message: string): PaymentResponse => ({
  transactionType: 'PAYMENT',
  ...(typeof params.paymentId === 'string' ? { paymentId: params.paymentId } : {}),
  code,
  message,
});

/** Why PortOne refuses the request before any PG window opens: the SDK's error code and message. */
function refusalOf(params: PaymentRequest, record: PaymentRecord | undefined, deps: PortOneDeps): [string, string] | undefined {
  const { credentials } = deps;
  if (params.storeId !== credentials.storeId) return ['StoreNotFound', `상점(${params.storeId})을 찾을 수 없습니다.`];
  if (params.channelKey !== credentials.liveChannelKey && params.channelKey !== credentials.testChannelKey) {
    return ['ChannelNotFound', '채널을 찾을 수 없습니다. 샌드박스의 LIVE 또는 TEST channelKey를 사용하세요 (채널 그룹은 없습니다).'];
  }
  if (record?.attempts.some((a) => wasPaid(a.tx))) return ['PaymentAlreadyPaid', '이미 결제가 완료된 paymentId입니다.'];
  const pinned = record?.preRegistered;
  const differs =
    pinned &&
    ((pinned.totalAmount !== undefined && pinned.totalAmount !== params.totalAmount) ||
      (pinned.currency !== undefined && pinned.currency !== params.currency) ||
      (pinned.taxFreeAmount !== undefined && pinned.taxFreeAmount !== (params.taxFreeAmount ?? 0)));
  if (differs) return ['AmountNotEqualToPredefined', '사전 등록된 결제 정보와 요청한 금액이 일치하지 않습니다.'];
  return undefined;
}

/** What the buyer's choice makes of the attempt opened for it; a window closed by the buyer leaves it READY. */
function outcome(attempt: Attempt, choice: Choice, params: PaymentRequest, now: string): { attempt: Attempt; response?: Partial<PaymentResponse> } {
  if (choice === 'approve') return { attempt: approve(attempt, now) };
  if (choice === 'issue') return { attempt: issueAccount(attempt, now, accountHours(params)) };
  if (choice === 'decline') {
    const [pgCode, pgMessage] = ['1001', DECLINED.replace(/^\[1001\] /, '')];
    return { attempt: fail(attempt, now, { reason: DECLINED, pgCode, pgMessage }), response: { code: 'PGProviderError', message: DECLINED, pgCode, pgMessage } };
  }
  return { attempt, response: { code: 'PGProviderError', message: USER_CLOSED } };
}

const origin = (request: FastifyRequest, platform: 'PC' | 'MOBILE', url?: string) => ({
  platformType: platform,
  ipAddress: request.ip,
  ...(request.headers['user-agent'] ? { userAgent: request.headers['user-agent'] } : {}),
  ...(url ? { url } : {}),
});

/** The browser stand-in: PortOne.requestPayment's script, its payment window, and the window's answer. */
export async function checkoutRoutes(app: FastifyInstance, deps: PortOneDeps): Promise<void> {
  const files = {
    'browser-sdk.js': await readFile(new URL('browser-sdk.js', PUBLIC_DIR), 'utf8'),
    'checkout.html': await readFile(new URL('checkout.html', PUBLIC_DIR), 'utf8'),
  };
  app.get('/browser-sdk.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(files['browser-sdk.js']));
  app.get('/checkout.html', async (_request, reply) => reply.type('text/html; charset=utf-8').send(files['checkout.html']));

  app.post('/__checkout', async (request, reply) => {
    const body = checkoutBody.safeParse(request.body ?? {});
    const parsed = body.success ? paymentRequest.safeParse(body.data.params) : body;
    const raw = (body.success && typeof body.data.params === 'object' && body.data.params) || {};
    if (!body.success || !parsed.success) return reply.status(400).send({ response: refused(raw, 'InvalidArgument', describeIssues(parsed.error!)) });
    if (unstorable(body.data.params)) return reply.status(400).send({ response: refused(raw, 'InvalidArgument', 'unstorable characters') });
    const params = parsed.data;
    const { choice, platform, url } = body.data;
    if ((choice === 'approve' && params.payMethod !== 'CARD') || (choice === 'issue' && params.payMethod !== 'VIRTUAL_ACCOUNT')) {
      return reply.status(400).send({ response: refused(params, 'InvalidArgument', `${choice} does not fit payMethod ${params.payMethod}`) });
    }
    const now = new Date().toISOString();
    const { result } = await deps.store.update<{ response: PaymentResponse; opened?: Attempt; ended?: Attempt }>(
      params.paymentId,
      (record) => {
        const refusal = refusalOf(params, record, deps);
        if (refusal) return { refusal: { response: refused(params, ...refusal) } };
        const { paymentId, totalAmount, currency, taxFreeAmount, payMethod, orderName, customData, noticeUrls } = params;
        const channel = params.channelKey === deps.credentials.liveChannelKey ? 'LIVE' : 'TEST';
        const opened = newAttempt(
          { paymentId, totalAmount, currency, taxFreeAmount, channel, payMethod, orderName, customer: customerOf(params), customData, noticeUrls, origin: origin(request, platform, url) },
          deps.credentials,
          now,
        );
        const ended = outcome(opened, choice, params, now);
        const response: PaymentResponse = { transactionType: 'PAYMENT', txId: opened.tx.id, paymentId, ...ended.response };
        return { record: { ...record!, attempts: [...record!.attempts, ended.attempt] }, result: { response, opened, ended: ended.attempt } };
      },
      true,
    );
    if (result.opened) deps.webhooks.send(eventOf(result.opened), { delayMs: WEBHOOK_DELAY_MS });
    if (result.ended && result.ended.tx.status !== 'READY') deps.webhooks.send(eventOf(result.ended), { delayMs: WEBHOOK_DELAY_MS + 50 });
    return { response: result.response };
  });
}
