import type { SandboxState } from './state.js';
import type { SandboxStore } from './store.js';
import type { WebhookSender } from './webhooks.js';

/** What every part of the simulator shares: its payments, its per-process state, its notifications, its credentials. */
export interface RestDeps {
  store: SandboxStore;
  state: SandboxState;
  webhooks: WebhookSender;
  credentials: { apiKey: string; apiSecret: string };
}
