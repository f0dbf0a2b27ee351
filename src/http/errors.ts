import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../errors.js';

function validationMessage(error: FastifyError): string {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? 'request';
    return error.validation
      .slice(0, 3)
      .map((issue) => `${where}${issue.instancePath.replace(/\//g, '.').replace(/\.$/, '')}: ${issue.message}`)
      .join('; ');
  }
  return error.message;
}

/** Errors from fastify itself (bad JSON, too large, wrong content type) that are the client's fault. */
function clientFault(error: FastifyError): { statusCode: number; message: string } | undefined {
  if (error.validation) return { statusCode: 400, message: validationMessage(error) };
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    const message = error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'body: must be JSON, sent as Content-Type: application/json' : error.message;
    return { statusCode: error.statusCode, message };
  }
  return undefined;
}

/** Every error answer; some carry more fields (e.g. `remaining` for a cancel beyond the balance). */
export const errorSchema = z
  .looseObject({
    error: z
      .string()
      .describe(
        'a stable code: invalid, unauthorized, forbidden, not_found, conflict, idempotency_mismatch, timeout, payload_too_large, ' +
          'unsupported_media_type, rate_limited, headers_too_large, upstream_unavailable, unavailable, client_error, internal',
      ),
    message: z.string().describe('for people; validation errors name the field'),
  })
  .describe('JSON error with a human message');

/** fastify's own refusals (bad JSON, body too large, a content type no parser takes) by status */
const CLIENT_CODES: Record<number, string> = {
  400: 'invalid',
  404: 'not_found',
  408: 'timeout',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  431: 'headers_too_large',
};

function errorBody(error: FastifyError | AppError): { statusCode: number; body: Record<string, unknown> } {
  if (error instanceof AppError) {
    return { statusCode: error.statusCode, body: { error: error.code, message: error.message, ...error.extra } };
  }
  const fault = clientFault(error);
  if (fault) return { statusCode: fault.statusCode, body: { error: CLIENT_CODES[fault.statusCode] ?? 'client_error', message: fault.message } };
  if (isDatabaseUnavailable(error)) {
    return { statusCode: 503, body: { error: 'unavailable', message: 'the database is unavailable, retry later' } };
  }
  return { statusCode: 500, body: { error: 'internal', message: 'internal error' } };
}

/**
 * Failures a retry can cure: the connection is gone (08xxx, 57P0x, socket errors), or the statement waited too long
 * for a lock or was chosen to lose a conflict (57014 statement timeout, 55P03, 40001, 40P01). Nothing was committed.
 */
const TRANSIENT_CODES = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08006', '08001', '08003', '57014', '55P03', '40001', '40P01'];

function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message ?? '';
  return (
    TRANSIENT_CODES.includes(code) ||
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(message)
  );
}

/** The public payment endpoints answer with API.md's `status` word as well (`invalid`, `notFound`, ...). */
export const PUBLIC_STATUS: Record<number, string> = {
  400: 'invalid',
  403: 'forbidden',
  404: 'notFound',
  408: 'timeout',
  410: 'expired',
  413: 'invalid',
  415: 'invalid',
  429: 'rateLimited',
  431: 'invalid',
  503: 'unavailable',
};

/** An error of a public payment endpoint: the error shape plus API.md's `status` word. */
export const paymentErrorSchema = errorSchema
  .extend({
    status: z.string().describe("API.md's word for the outcome: invalid, failed, forgery, notFound, duplicate, rateLimited, timeout, unavailable, error"),
  })
  .describe('JSON error with a human message and the outcome word the payment page shows');

declare module 'fastify' {
  interface FastifyContextConfig {
    /** errors on this route carry API.md's public `status` field */
    publicStatus?: boolean;
    /** response headers (openapi-headers.ts) this route may send on any of its answers, errors included */
    answerHeaders?: string[];
  }
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const { statusCode, body } = errorBody(error);
    if (statusCode >= 500) request.log.error({ err: error }, 'request failed');
    if (request.routeOptions.config?.publicStatus) body.status = PUBLIC_STATUS[statusCode] ?? 'error';
    return reply.status(statusCode).send(body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: 'not_found', message: `no route for ${request.method} ${request.url.split('?')[0]}` }),
  );
}
