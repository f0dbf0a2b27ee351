import { z } from 'zod';
import { apiKeyList, type ApiKey } from './api-keys.js';
import { addressList, isSafeIamportUrl, MUST_BE, trustedProxies, webhookSecret } from './config-checks.js';
import { defaultProviderOf, portoneSettings, PspConfigError, pspEnvSchema, type PortOneSettings } from './config-psp.js';
import type { Provider } from './db/schema.js';

export type { ApiKey } from './api-keys.js';

const DEFAULT_IAMPORT_API_URL = 'https://api.iamport.kr';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

const commaList = z
  .string()
  .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean));

const httpUrl = z.url({ protocol: /^https?$/ }).transform((value) => value.replace(/\/+$/, ''));

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATA_DIR: z.string().min(1).default('./.data'),
  IAMPORT_API_URL: httpUrl.optional(),
  IAMPORT_API_KEY: z.string().min(1).optional(),
  IAMPORT_API_SECRET: z.string().min(1).optional(),
  IAMPORT_SANDBOX: booleanFromEnv.optional(),
  IAMPORT_PG_API_KEY: z.string().min(1).optional(),
  IAMPORT_TIMEOUT_MS: z.coerce.number().int().min(100).max(10_000).default(3_000),
  NODE_ENV: z.string().optional(),
  API_KEYS: apiKeyList.optional(),
  PUBLIC_BASE_URL: httpUrl.optional(),
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
  RECONCILE_MIN_AGE_MS: z.coerce.number().int().min(0).default(30_000),
  RECONCILE_PAID_INTERVAL_MS: z.coerce.number().int().min(0).default(3_600_000),
  PUBLIC_RATE_LIMIT: z.coerce.number().int().min(1).default(600),
  AUTO_CANCEL_FORGERY: booleanFromEnv.default(true),
  IAMPORT_WEBHOOK_IPS: addressList.optional(),
  EVENT_WEBHOOK_URL: httpUrl.optional(),
  EVENT_WEBHOOK_SECRET: webhookSecret.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_PAGE: booleanFromEnv.optional(),
  IAMPORT_MERCHANT_CODE: z.string().regex(/^imp[0-9A-Za-z]{4,}$/, "must be an i'mport merchant code such as imp12345678").optional(),
  INTERNAL_RATE_LIMIT: z.coerce.number().int().min(1).default(6000),
  CORS_ORIGINS: commaList.optional(),
  TRUST_PROXY: trustedProxies.optional(),
  RATE_LIMIT_STORE: z.enum(['memory', 'postgres']).default('memory'),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  METRICS_ALLOW: addressList.default(['127.0.0.0/8', '::1/128', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7']),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
}).extend(pspEnvSchema.shape);

export type Env = z.infer<typeof envSchema>;

/**
 * `live`: the real PSP APIs with the shop's credentials. `sandbox`: the built-in simulators (or IAMPORT_API_URL,
 * PORTONE_API_URL) stand in for i'mport and PortOne, their test payments are payable, and their control APIs are
 * served. Chosen once, here, from explicit settings.
 */
export type Mode = 'live' | 'sandbox';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  mode: Mode;
  /** i'mport V1, when configured; pgApiKey: KG이니시스's pg_api_key, which i'mport needs to revoke that PG's accounts */
  iamport: IamportSettings | undefined;
  /** PortOne V2, when configured */
  portone: PortOneSettings | undefined;
  /** the provider of an order created without one */
  defaultProvider: Provider;
  /** the internal API's keys, each with the operator it names */
  apiKeys: readonly ApiKey[];
  publicBaseUrl: string;
  reconcileIntervalMs: number;
  reconcileMinAgeMs: number;
  /** how often i'mport's recently changed payments are walked, so a refund made there reaches paid orders; 0 = off */
  reconcilePaidIntervalMs: number;
  publicRateLimit: number;
  autoCancelForgery: boolean;
  webhookAllowedIps: readonly string[] | undefined;
  eventWebhook: { url: string; secret: string } | undefined;
  logLevel: Env['LOG_LEVEL'];
  demoPage: boolean;
  /** the 가맹점 식별코드 the demo page passes to IMP.init */
  merchantCode: string;
  internalRateLimit: number;
  /** browser origins allowed to call the public endpoints cross-origin */
  corsOrigins: readonly string[];
  /** believe X-Forwarded-For from this many proxies, or from these addresses/CIDRs, so request.ip is the client */
  trustProxy: number | readonly string[] | undefined;
  /** memory: each instance counts on its own (no database write per request); postgres: all instances share counts */
  rateLimitStore: 'memory' | 'postgres';
  /** webhook receipts and event-delivery records older than this are deleted */
  auditRetentionDays: number;
  /** addresses and CIDRs that may read /metrics */
  metricsAllow: readonly string[];
  /** a request's headers and body must arrive within this */
  requestTimeoutMs: number;
}

export interface IamportSettings {
  apiUrl: string;
  apiKey: string;
  apiSecret: string;
  pgApiKey: string | undefined;
  timeoutMs: number;
}

export class ConfigError extends Error {}

/** Credentials the built-in sandbox accepts; they only ever unlock the local simulator. */
export const SANDBOX_CREDENTIALS = { apiKey: 'sandbox_imp_key', apiSecret: 'sandbox_imp_secret' };
const SANDBOX_MERCHANT_CODE = 'imp00000000';
/** the simulator takes any pg_api_key where KG이니시스 needs one */
const SANDBOX_PG_API_KEY = 'sandbox_pg_api_key';

/** The loaded configuration is frozen: nothing may change it after start-up reads it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const parsed = envSchema.safeParse(withoutEmptyValues(env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0]);
    // zod's own words describe the value; say instead what the variable must be (custom checks already do)
    const message = issue.code === 'custom' ? issue.message : (MUST_BE[variable] ?? issue.message);
    throw new ConfigError(`invalid environment variable ${variable}: ${message}`);
  }
  try {
    return deepFreeze(toConfig(parsed.data));
  } catch (error) {
    throw error instanceof PspConfigError ? new ConfigError(error.message) : error;
  }
}

/**
 * Sandbox mode trusts a simulator, so it is never the fallback of a missing secret in production: there, no key is a
 * start-up error unless IAMPORT_SANDBOX=true asks for the simulator on purpose.
 */
function modeOf(env: Env): Mode {
  const credential = env.IAMPORT_API_KEY ? 'IAMPORT_API_KEY' : env.PORTONE_API_SECRET ? 'PORTONE_API_SECRET' : undefined;
  if (env.IAMPORT_SANDBOX === true) {
    if (credential) throw new ConfigError(`invalid environment variable IAMPORT_SANDBOX: true together with ${credential}; unset one of them`);
    return 'sandbox';
  }
  if (credential) return 'live';
  if (env.IAMPORT_SANDBOX === false) {
    throw new ConfigError('invalid environment variable IAMPORT_API_KEY: required with IAMPORT_SANDBOX=false (or PORTONE_API_SECRET, for PortOne V2)');
  }
  if (env.NODE_ENV === 'production') {
    throw new ConfigError(
      'invalid environment variable IAMPORT_API_KEY: required with NODE_ENV=production; set IAMPORT_API_KEY, IAMPORT_API_SECRET and API_KEYS (or PORTONE_API_SECRET for PortOne V2), or IAMPORT_SANDBOX=true to run the simulators on purpose',
    );
  }
  return 'sandbox';
}

function iamportSettings(env: Env, sandbox: boolean, simulatorUrl: string): IamportSettings | undefined {
  if (sandbox) {
    return { apiUrl: env.IAMPORT_API_URL ?? simulatorUrl, ...SANDBOX_CREDENTIALS, pgApiKey: env.IAMPORT_PG_API_KEY ?? SANDBOX_PG_API_KEY, timeoutMs: env.IAMPORT_TIMEOUT_MS };
  }
  if (!env.IAMPORT_API_KEY) return undefined;
  if (!env.IAMPORT_API_SECRET) {
    throw new ConfigError('invalid environment variable IAMPORT_API_SECRET: required when IAMPORT_API_KEY is set');
  }
  if (env.IAMPORT_API_URL && !isSafeIamportUrl(env.IAMPORT_API_URL)) {
    throw new ConfigError("invalid environment variable IAMPORT_API_URL: must be https:// outside sandbox mode (the i'mport secret is sent to it), or a loopback address");
  }
  const apiUrl = env.IAMPORT_API_URL ?? DEFAULT_IAMPORT_API_URL;
  return { apiUrl, apiKey: env.IAMPORT_API_KEY, apiSecret: env.IAMPORT_API_SECRET, pgApiKey: env.IAMPORT_PG_API_KEY, timeoutMs: env.IAMPORT_TIMEOUT_MS };
}

function toConfig(env: Env): Config {
  const mode = modeOf(env);
  const sandbox = mode === 'sandbox';
  const loopbackHost = env.HOST === '0.0.0.0' || env.HOST === '::' ? '127.0.0.1' : env.HOST;
  const local = `http://${loopbackHost}:${env.PORT}/sandbox`;
  const iamport = iamportSettings(env, sandbox, `${local}/iamport`);
  const portone = portoneSettings(env, sandbox, `${local}/portone`);
  if (env.EVENT_WEBHOOK_URL && !env.EVENT_WEBHOOK_SECRET) {
    throw new ConfigError('invalid environment variable EVENT_WEBHOOK_SECRET: required when EVENT_WEBHOOK_URL is set');
  }
  if (!sandbox && !env.API_KEYS?.length) {
    throw new ConfigError('invalid environment variable API_KEYS: required outside sandbox mode');
  }
  if (!sandbox && env.DEMO_PAGE && env.IAMPORT_API_KEY && !env.IAMPORT_MERCHANT_CODE) {
    throw new ConfigError("invalid environment variable IAMPORT_MERCHANT_CODE: required for DEMO_PAGE with the real i'mport");
  }
  const publicBaseUrl = env.PUBLIC_BASE_URL ?? `http://${env.HOST}:${env.PORT}`;
  return {
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    mode,
    iamport,
    portone,
    defaultProvider: defaultProviderOf(env, { iamport: Boolean(iamport), portone: Boolean(portone) }),
    apiKeys: env.API_KEYS ?? [],
    publicBaseUrl,
    reconcileIntervalMs: env.RECONCILE_INTERVAL_MS,
    reconcileMinAgeMs: env.RECONCILE_MIN_AGE_MS,
    reconcilePaidIntervalMs: env.RECONCILE_PAID_INTERVAL_MS,
    publicRateLimit: env.PUBLIC_RATE_LIMIT,
    autoCancelForgery: env.AUTO_CANCEL_FORGERY,
    webhookAllowedIps: env.IAMPORT_WEBHOOK_IPS,
    eventWebhook:
      env.EVENT_WEBHOOK_URL && env.EVENT_WEBHOOK_SECRET
        ? { url: env.EVENT_WEBHOOK_URL, secret: env.EVENT_WEBHOOK_SECRET }
        : undefined,
    logLevel: env.LOG_LEVEL,
    demoPage: env.DEMO_PAGE ?? sandbox,
    merchantCode: env.IAMPORT_MERCHANT_CODE ?? SANDBOX_MERCHANT_CODE,
    internalRateLimit: env.INTERNAL_RATE_LIMIT,
    corsOrigins: env.CORS_ORIGINS ?? [],
    trustProxy: env.TRUST_PROXY,
    rateLimitStore: env.RATE_LIMIT_STORE,
    auditRetentionDays: env.AUDIT_RETENTION_DAYS,
    metricsAllow: env.METRICS_ALLOW,
    requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** An empty variable (`FOO=`) means "not set", as in most shells' intent. */
function withoutEmptyValues(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => Boolean(entry[1])));
}
