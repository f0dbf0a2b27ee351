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
    return { statusCode: error.statusCode, message: error.message };
  }
  return undefined;
}

/** Every error answer; some carry more fields (e.g. `remaining` for a cancel beyond the balance). */
export const errorSchema = z
  .looseObject({
    error: z.string().describe('a stable code: invalid, unauthorized, forbidden, not_found, conflict, idempotency_mismatch, rate_limited, upstream_unavailable, unavailable, client_error, internal'),
    message: z.string().describe('for people; validation errors name the field'),
  })
  .describe('JSON error with a human message');

function errorBody(error: FastifyError | AppError): { statusCode: number; body: Record<string, unknown> } {
  if (error instanceof AppError) {
    return { statusCode: error.statusCode, body: { error: error.code, message: error.message, ...error.extra } };
  }
  const fault = clientFault(error);
  if (fault) {
    const code = fault.statusCode === 400 ? 'invalid' : fault.statusCode === 429 ? 'rate_limited' : 'client_error';
    return { statusCode: fault.statusCode, body: { error: code, message: fault.message } };
  }
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
const PUBLIC_STATUS: Record<number, string> = { 400: 'invalid', 403: 'forbidden', 404: 'notFound', 410: 'expired', 413: 'invalid', 429: 'rateLimited', 503: 'unavailable' };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** errors on this route carry API.md's public `status` field */
    publicStatus?: boolean;
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
