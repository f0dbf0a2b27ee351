import type { Tx } from '../db/connect.js';
import type { OrderRow } from '../db/schema.js';
import { toOrder } from '../orders/model.js';
import type { PlannedEvent } from '../payments/decide.js';

/**
 * Writes an event in the transaction of the change it describes. The unique (merchant_uid, transition) makes a
 * repeated transition a no-op instead of a second event. Returns whether the event is new.
 */
export async function recordEvent(tx: Tx, order: OrderRow, event: Pick<PlannedEvent, 'type' | 'transition'>): Promise<boolean> {
  const inserted = await tx
    .insertInto('order_events')
    .values({ type: event.type, merchant_uid: order.merchant_uid, transition: event.transition, data: JSON.stringify(toOrder(order)) })
    .onConflict((oc) => oc.columns(['merchant_uid', 'transition']).doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}
