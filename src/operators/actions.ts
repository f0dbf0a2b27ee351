import type { Db } from '../db/connect.js';
import type { OperatorAction } from '../db/schema.js';

/**
 * What a person did besides refunding (a refund records its own actor): who synced an order with i'mport, pushed an
 * event again, or carried a refund out again, and when. Written after the action, as its record; never money state.
 */
export interface ActionRecord {
  actor: string;
  action: OperatorAction;
  merchant_uid: string;
  subject?: string | null;
  detail?: Record<string, unknown>;
}

export async function recordActions(db: Db, actions: ActionRecord[]): Promise<void> {
  if (actions.length === 0) return;
  await db
    .insertInto('operator_actions')
    .values(actions.map((a) => ({ actor: a.actor, action: a.action, merchant_uid: a.merchant_uid, subject: a.subject ?? null, detail: JSON.stringify(a.detail ?? {}) })))
    .execute();
}

export interface ActionView {
  id: string;
  at: string;
  actor: string;
  action: OperatorAction;
  subject: string | null;
  detail: Record<string, unknown>;
}

/** An order's operator actions, oldest first. */
export async function actionsOfOrder(db: Db, merchantUid: string): Promise<ActionView[]> {
  const rows = await db.selectFrom('operator_actions').selectAll().where('merchant_uid', '=', merchantUid).orderBy('id').execute();
  return rows.map((row) => ({ id: String(row.id), at: row.at.toISOString(), actor: row.actor, action: row.action, subject: row.subject, detail: row.detail }));
}
