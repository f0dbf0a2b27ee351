import type { FastifyReply } from 'fastify';

/** i'mport's answer envelope: `{ code, message, response }`, code 0 on success. */
export function ok(reply: FastifyReply, response: unknown) {
  return reply.status(200).send({ code: 0, message: null, response });
}

/** Business refusals are HTTP 200 with code ≠ 0, as the real API answers them. */
export function refuse(reply: FastifyReply, message: string, httpStatus = 200) {
  return reply.status(httpStatus).send({ code: 1, message, response: null });
}

export function notFound(reply: FastifyReply, message: string) {
  return reply.status(404).send({ code: -1, message, response: null });
}

export function unauthorized(reply: FastifyReply) {
  return reply.status(401).send({ code: -1, message: 'Unauthorized', response: null });
}

/** A refusal with an HTTP status of its own (bad input, a missing parameter), in the same envelope. */
export function failure(reply: FastifyReply, httpStatus: number, message: string) {
  return reply.status(httpStatus).send({ code: -1, message, response: null });
}
