const DAY_MS = 86_400_000;

/** What the expiry of a buyer's link depends on: the order's last change and its virtual account's due date. */
export interface LinkSubject {
  updated_at: Date | string;
  vbank: { due_at: string | null } | null;
}

/**
 * A result page or status URL works for 7 days after the order's last change, or until a day after its virtual
 * account's due date if that is later; knowing a merchant_uid never gives a permanent view of an order.
 */
export function linkExpiresAt(order: LinkSubject): Date {
  const afterChange = new Date(order.updated_at).getTime() + 7 * DAY_MS;
  const afterDue = order.vbank?.due_at ? new Date(order.vbank.due_at).getTime() + DAY_MS : 0;
  return new Date(Math.max(afterChange, afterDue));
}

export const isLinkExpired = (order: LinkSubject, now = new Date()): boolean => linkExpiresAt(order) <= now;
