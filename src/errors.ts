/**
 * The service's domain errors. Services throw these; `http/errors.ts` maps them to HTTP in one place, so that no folder
 * below the routes needs to know about HTTP.
 */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export class NotFound extends AppError {
  constructor(message: string, extra?: Record<string, unknown>) {
    super(404, 'not_found', message, extra);
  }
}

export class Invalid extends AppError {
  constructor(message: string, extra?: Record<string, unknown>) {
    super(400, 'invalid', message, extra);
  }
}

export class Conflict extends AppError {
  constructor(message: string, extra?: Record<string, unknown>) {
    super(409, 'conflict', message, extra);
  }
}

export class Unauthorized extends AppError {
  constructor(message = 'missing or invalid API key: send Authorization: Bearer <key>') {
    super(401, 'unauthorized', message);
  }
}

/** i'mport (or the database) could not be reached or answered something we cannot use; the message is safe to show. */
export class Upstream extends AppError {
  constructor(message: string, extra?: Record<string, unknown>) {
    super(503, 'upstream_unavailable', message, extra);
  }
}

/** A PSP API answered and refused (a cancel over the balance, a checksum mismatch, …); `pspMessage` is its own words. */
export class PspRefused extends Error {
  constructor(
    readonly endpoint: string,
    readonly pspMessage: string,
  ) {
    super(`${endpoint} was refused: ${pspMessage}`);
  }
}

/** A PSP API could not be reached or answered something unusable; retried where safe, then surfaced as 503. */
export class PspUnavailable extends Upstream {
  constructor(
    readonly endpoint: string,
    readonly reason: string,
    psp = "i'mport",
  ) {
    super(`${psp} is unavailable (${endpoint}: ${reason}); retry later`);
  }
}
