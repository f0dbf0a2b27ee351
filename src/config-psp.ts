import { z } from 'zod';
import { isSafeIamportUrl, webhookSecret } from './config-checks.js';
import type { Provider } from './db/schema.js';

/** The PSP APIs' settings: which are configured, with what, and which one an order takes when it names none. */

const httpUrl = z.url({ protocol: /^https?$/ }).transform((value) => value.replace(/\/+$/, ''));

export const pspEnvSchema = z.object({
  PORTONE_API_SECRET: z.string().min(1).optional(),
  PORTONE_STORE_ID: z.string().regex(/^store-[0-9a-f-]{36}$/, 'must be a PortOne store id such as store-4f5c…').optional(),
  PORTONE_CHANNEL_KEY: z.string().regex(/^channel-key-[0-9a-f-]{36}$/, 'must be a PortOne channel key such as channel-key-9a2b…').optional(),
  PORTONE_WEBHOOK_SECRET: z
    .string()
    .transform((value, context) => {
      const secrets = value.split(',').map((secret) => secret.trim()).filter(Boolean);
      for (const secret of secrets) {
        if (!webhookSecret.safeParse(secret).success) {
          context.addIssue({ code: 'custom', message: 'must be whsec_ and base64 (PortOne console → webhook secret); two, comma-separated, while rotating' });
          return z.NEVER;
        }
      }
      return secrets;
    })
    .optional(),
  PORTONE_API_URL: httpUrl.optional(),
  PORTONE_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  DEFAULT_PROVIDER: z.enum(['iamport', 'portone']).optional(),
});
type PspEnv = z.infer<typeof pspEnvSchema>;

export interface PortOneSettings {
  apiUrl: string;
  apiSecret: string;
  storeId: string | undefined;
  /** the channel the checkout pays through (the demo page, the browser kit) */
  channelKey: string | undefined;
  /** Standard Webhooks secrets; two while one is rotated */
  webhookSecrets: readonly string[];
  timeoutMs: number;
}

const DEFAULT_PORTONE_API_URL = 'https://api.portone.io';

export interface PortOneSandboxCredentials {
  apiSecret: string;
  storeId: string;
  merchantId: string;
  liveChannelKey: string;
  testChannelKey: string;
  webhookSecret: string;
}

/** What the built-in V2 simulator accepts; it only ever unlocks the local simulator. */
export const PORTONE_SANDBOX_CREDENTIALS: Readonly<PortOneSandboxCredentials> = Object.freeze({
  apiSecret: 'sandbox_portone_api_secret',
  storeId: 'store-00000000-0000-4000-8000-000000000000',
  merchantId: 'merchant-00000000-0000-4000-8000-000000000000',
  /** a channel of type LIVE: its payments count as real money, as on a real PortOne */
  liveChannelKey: 'channel-key-00000000-0000-4000-8000-00000000001e',
  /** a channel of type TEST: its payments are test payments (`channel.type: TEST`) */
  testChannelKey: 'channel-key-00000000-0000-4000-8000-00000000007e',
  webhookSecret: 'whsec_cGF5bWVudC12ZXJpZmllciBwb3J0b25lIHNhbmRib3ggc2VjcmV0',
});

export class PspConfigError extends Error {}

/** V2's settings, or undefined when V2 is not configured (live mode without PORTONE_API_SECRET). */
export function portoneSettings(env: PspEnv, sandbox: boolean, simulatorUrl: string): PortOneSettings | undefined {
  if (sandbox) {
    const c = PORTONE_SANDBOX_CREDENTIALS;
    return { apiUrl: env.PORTONE_API_URL ?? simulatorUrl, apiSecret: c.apiSecret, storeId: c.storeId, channelKey: c.liveChannelKey, webhookSecrets: [c.webhookSecret], timeoutMs: env.PORTONE_TIMEOUT_MS };
  }
  if (!env.PORTONE_API_SECRET) return undefined;
  if (!env.PORTONE_WEBHOOK_SECRET?.length) {
    throw new PspConfigError('invalid environment variable PORTONE_WEBHOOK_SECRET: required with PORTONE_API_SECRET (PortOne console → webhook secret)');
  }
  if (env.PORTONE_API_URL && !isSafeIamportUrl(env.PORTONE_API_URL)) {
    throw new PspConfigError('invalid environment variable PORTONE_API_URL: must be https:// outside sandbox mode (the API secret is sent to it), or a loopback address');
  }
  return {
    apiUrl: env.PORTONE_API_URL ?? DEFAULT_PORTONE_API_URL,
    apiSecret: env.PORTONE_API_SECRET,
    storeId: env.PORTONE_STORE_ID,
    channelKey: env.PORTONE_CHANNEL_KEY,
    webhookSecrets: env.PORTONE_WEBHOOK_SECRET,
    timeoutMs: env.PORTONE_TIMEOUT_MS,
  };
}

/** The provider of an order created without one: as set, else the configured one, i'mport when both are. */
export function defaultProviderOf(env: PspEnv, configured: { iamport: boolean; portone: boolean }): Provider {
  const provider = env.DEFAULT_PROVIDER ?? (configured.iamport ? 'iamport' : 'portone');
  if (!configured[provider]) {
    const needs = provider === 'iamport' ? 'IAMPORT_API_KEY and IAMPORT_API_SECRET' : 'PORTONE_API_SECRET and PORTONE_WEBHOOK_SECRET';
    throw new PspConfigError(`invalid environment variable DEFAULT_PROVIDER: ${provider} is not configured; set ${needs}`);
  }
  return provider;
}
