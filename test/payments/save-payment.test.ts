import t from 'tap';
import { inTransaction } from '../../src/db/connect.js';
import type { IamportPayment } from '../../src/iamport/schemas.js';
import { savePayment } from '../../src/payments/repository.js';
import { freshDatabase } from '../helpers/database.js';

const snapshot = (status: IamportPayment['status'], cancelAmount = 0): IamportPayment =>
  ({ imp_uid: 'imp_S', merchant_uid: 'ord_S', amount: 5000, cancel_amount: cancelAmount, currency: 'KRW', status }) as IamportPayment;

t.test('the payments row keeps the newest snapshot when reads race', async (t) => {
  const { db } = await freshDatabase(t);
  const save = (payment: IamportPayment, verdict: string) => inTransaction(db, (tx) => savePayment(tx, payment, verdict));
  const stored = () => db.selectFrom('payments').select(['status', 'cancel_amount', 'verdict']).where('imp_uid', '=', 'imp_S').executeTakeFirstOrThrow();

  await save(snapshot('ready'), 'awaiting_deposit');
  await save(snapshot('paid'), 'accepted');
  t.match(await stored(), { status: 'paid', verdict: 'accepted' });
  await save(snapshot('ready'), 'awaiting_deposit');
  t.match(await stored(), { status: 'paid', verdict: 'accepted' }, 'a stale ready does not replace paid');

  await save(snapshot('paid', 2000), 'accepted');
  await save(snapshot('paid', 0), 'accepted');
  t.match(await stored(), { cancel_amount: '2000' }, 'a snapshot from before a refund does not undo it');

  await save(snapshot('paid', 2000), 'duplicate_cancelled');
  t.match(await stored(), { verdict: 'duplicate_cancelled' }, 'the same snapshot may still change the verdict');
});
