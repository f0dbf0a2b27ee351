import { Upstream } from '../errors.js';

/** i'mport answered, but refused (code ≠ 0): over-cancel, checksum mismatch, prepare twice, ... */
export class IamportRefused extends Error {
  constructor(
    readonly endpoint: string,
    readonly iamportMessage: string,
  ) {
    super(`i'mport refused ${endpoint}: ${iamportMessage}`);
  }
}

/** i'mport could not be reached or answered something unusable; retried where safe, then surfaced as 503. */
export class IamportUnavailable extends Upstream {
  constructor(
    readonly endpoint: string,
    readonly reason: string,
  ) {
    super(`i'mport is unavailable (${endpoint}: ${reason}); retry later`);
  }
}
