import type { PortOneSandboxCredentials } from './credentials.js';
import type { PortOneSandboxState } from './state.js';
import type { PortOneSandboxStore } from './store.js';
import type { PortOneWebhookSender } from './webhooks.js';

/** What every part of the V2 simulator shares: its payments, its per-process state, its webhooks, its credentials. */
export interface PortOneDeps {
  store: PortOneSandboxStore;
  state: PortOneSandboxState;
  webhooks: PortOneWebhookSender;
  credentials: PortOneSandboxCredentials;
}
