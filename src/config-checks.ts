import { z } from 'zod';
import { ipv4PrefixOf, isAddressOrRange, rangeOf } from './addresses.js';

/** What each variable must be, said in place of zod's own words when a value is refused (never the value itself). */
export const MUST_BE: Record<string, string> = {
  PORT: 'must be a port number from 0 to 65535',
  HOST: 'must be an address to listen on, such as 127.0.0.1 or 0.0.0.0',
  DATABASE_URL: 'must be a postgres:// URL such as postgres://user:password@host:5432/database, or unset for the embedded PostgreSQL',
  DATA_DIR: 'must be the path of a directory',
  IAMPORT_API_URL: 'must be an http(s) URL such as https://api.iamport.kr',
  IAMPORT_TIMEOUT_MS: 'must be a whole number of milliseconds from 100 to 10000',
  IAMPORT_SANDBOX: 'must be true or false',
  PORTONE_API_URL: 'must be an http(s) URL such as https://api.portone.io',
  PORTONE_TIMEOUT_MS: 'must be a whole number of milliseconds from 100 to 60000',
  DEFAULT_PROVIDER: 'must be iamport or portone',
  PUBLIC_BASE_URL: 'must be an http(s) URL such as https://pay.shop.example',
  RECONCILE_INTERVAL_MS: 'must be a whole number of milliseconds, 0 to turn it off',
  RECONCILE_MIN_AGE_MS: 'must be a whole number of milliseconds, 0 or more',
  RECONCILE_PAID_INTERVAL_MS: 'must be a whole number of milliseconds, 0 to turn it off',
  PUBLIC_RATE_LIMIT: 'must be a whole number of requests per minute, 1 or more',
  INTERNAL_RATE_LIMIT: 'must be a whole number of requests per minute, 1 or more',
  AUTO_CANCEL_FORGERY: 'must be true or false',
  DEMO_PAGE: 'must be true or false',
  EVENT_WEBHOOK_URL: 'must be an http(s) URL',
  LOG_LEVEL: 'must be one of fatal, error, warn, info, debug, trace, silent',
  RATE_LIMIT_STORE: 'must be memory or postgres',
  AUDIT_RETENTION_DAYS: 'must be a whole number of days from 1 to 3650',
  REQUEST_TIMEOUT_MS: 'must be a whole number of milliseconds from 1000 to 600000',
};

const entries = (value: string) => value.split(',').map((item) => item.trim()).filter(Boolean);

/** A comma-separated list of addresses and CIDRs (IPv4 or IPv6). */
export const addressList = z.string().transform((value, context) => {
  const list = entries(value);
  if (list.length > 0 && list.every(isAddressOrRange)) return list;
  context.addIssue({ code: 'custom', message: 'must be a comma-separated list of IP addresses or CIDRs such as 52.78.100.19, 10.0.0.0/8' });
  return z.NEVER;
});

/** A proxy range no wider than /8 (IPv4) or /32 (IPv6); one holding every IPv4-mapped address counts as IPv4 /0. */
function isNarrowEnough(entry: string): boolean {
  const range = rangeOf(entry);
  const ipv4Prefix = ipv4PrefixOf(range);
  if (ipv4Prefix !== undefined) return ipv4Prefix >= 8;
  return range[1] >= 32;
}

/**
 * Whose X-Forwarded-For is believed: a hop count, or the proxies' own addresses/CIDRs. `true` (believe anyone), or a
 * range so wide that it amounts to it, would let every client choose its IP, and with it pass the webhook allow-list
 * and escape its rate limit, so it is refused.
 */
export const trustedProxies = z.string().transform((value, context) => {
  const hops = /^\d+$/.test(value) ? Number(value) : undefined;
  if (hops !== undefined && hops >= 1 && hops <= 10) return hops;
  const proxies = entries(value);
  const wellFormed = hops === undefined && proxies.length > 0 && proxies.every(isAddressOrRange);
  if (wellFormed && proxies.every(isNarrowEnough)) return proxies;
  context.addIssue({
    code: 'custom',
    message: wellFormed
      ? 'must list your proxies, with no range wider than /8 (IPv4) or /32 (IPv6): a wider one would let almost any client choose its IP'
      : 'must be a hop count (1 to 10) or a comma-separated list of proxy addresses or CIDRs such as 10.0.0.0/8; true would let any client choose its IP',
  });
  return z.NEVER;
});

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Standard Webhooks: `whsec_` and the base64 of the key, which must be 24 to 64 random bytes. */
export const webhookSecret = z.string().refine((value) => {
  const encoded = value.startsWith('whsec_') ? value.slice('whsec_'.length) : '';
  const bytes = BASE64.test(encoded) ? Buffer.from(encoded, 'base64').length : 0;
  return bytes >= 24 && bytes <= 64;
}, 'must be whsec_ followed by the base64 of 24 to 64 random bytes, e.g. whsec_$(openssl rand -base64 32)');

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

/** Outside sandbox mode the i'mport secret travels to this URL: only https, or an address that never leaves the host. */
export function isSafeIamportUrl(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === 'https:' || LOOPBACK_HOSTS.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}
