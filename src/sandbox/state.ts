import { randomBytes } from 'node:crypto';

/**
 * `5xx`, `malformed`, `reset`: the call is not carried out. `hang`: carried out after a delay. `lost`: carried out,
 * then the connection is destroyed instead of answering (the caller cannot tell whether it happened).
 */
export const FAULT_KINDS = ['5xx', 'hang', 'malformed', 'reset', 'lost'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The REST endpoints, by the names counters and faults use. */
export const ENDPOINTS = [
  'getToken',
  'payments.get',
  'payments.list',
  'payments.find',
  'payments.findAll',
  'payments.status',
  'prepare',
  'prepare.get',
  'prepare.put',
  'cancel',
  'vbanks.revoke',
] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

export interface Fault {
  kind: FaultKind;
  remaining: number;
  ms?: number;
  /** e.g. 'payments.get'; unset = any REST endpoint */
  endpoint?: Endpoint;
}

const TOKEN_LIFETIME_S = 30 * 60;
const EXTENSION_S = 5 * 60;

/**
 * What a simulator instance keeps in memory: issued tokens, armed faults and call counters. Payments live in
 * PostgreSQL; losing tokens on restart only costs a client one 401 and one refresh, as with an expired token.
 */
export class SandboxState {
  readonly counters = new Map<string, number>();
  faults: Fault[] = [];
  private token: { value: string; expiresAt: number } | undefined;

  count(endpoint: Endpoint): void {
    this.counters.set(endpoint, (this.counters.get(endpoint) ?? 0) + 1);
  }

  /** The next armed fault for this endpoint, consumed. */
  takeFault(endpoint: Endpoint): Fault | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && (!f.endpoint || f.endpoint === endpoint));
    if (!fault) return undefined;
    fault.remaining -= 1;
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return fault;
  }

  /** i'mport's token rules: the same token until expiry; asked in its last minute, it lives 5 minutes longer. */
  issueToken(): { access_token: string; now: number; expired_at: number } {
    const now = Math.floor(Date.now() / 1000);
    if (!this.token || this.token.expiresAt <= now) {
      this.token = { value: randomBytes(20).toString('hex'), expiresAt: now + TOKEN_LIFETIME_S };
    } else if (this.token.expiresAt - now <= 60) {
      this.token.expiresAt += EXTENSION_S;
    }
    return { access_token: this.token.value, now, expired_at: this.token.expiresAt };
  }

  validToken(presented: string | undefined): boolean {
    const value = (presented ?? '').replace(/^Bearer\s+/i, '').trim();
    return Boolean(this.token && value === this.token.value && this.token.expiresAt > Date.now() / 1000);
  }

  reset(): void {
    this.counters.clear();
    this.faults = [];
  }
}
