import { PspRefused, PspUnavailable } from '../../errors.js';

/** i'mport answered, but refused (code ≠ 0): over-cancel, checksum mismatch, prepare twice, ... */
export class IamportRefused extends PspRefused {}

/** i'mport could not be reached or answered something unusable; retried where safe, then surfaced as 503. */
export class IamportUnavailable extends PspUnavailable {}
