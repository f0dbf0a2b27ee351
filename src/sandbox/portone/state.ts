import { FAULT_KINDS as V1_FAULT_KINDS } from '../state.js';

/**
 * The V1 simulator's faults (`5xx`, `malformed`, `reset`: not carried out; `hang`: carried out late; `lost`: carried
 * out, answer dropped), plus `pgError`: the PG refuses, answered as V2's 502 PG_PROVIDER (reference: cancel and
 * virtual-account close document it); nothing is carried out.
 */
export const FAULT_KINDS = [...V1_FAULT_KINDS, 'pgError'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The REST operations the simulator implements, by the reference's operationId (counters and faults use them). */
export const ENDPOINTS = ['getPayment', 'getPaymentTransactions', 'getPayments', 'preRegisterPayment', 'cancelPayment', 'closeVirtualAccount'] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

export interface Fault {
  kind: FaultKind;
  remaining: number;
  ms?: number;
  /** unset = any REST endpoint */
  endpoint?: Endpoint;
}

/** What one simulator instance keeps in memory: armed faults and call counters (payments live in PostgreSQL). */
export class PortOneSandboxState {
  readonly counters = new Map<string, number>();
  faults: Fault[] = [];

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

  reset(): void {
    this.counters.clear();
    this.faults = [];
  }
}
