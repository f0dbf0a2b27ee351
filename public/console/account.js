// The buyer's bank account a deposited virtual account is refunded to. i'mport takes the bank as a code, and each PG
// its own codes (KCP's BK04, KG이니시스's 04, most others' 004): the list comes from GET /refund-banks for the payment's PG.
import { api } from './api.js';
import { h } from './dom.js';
import { field, required } from './form.js';

/** The account fields, their rules, and the request body they make. */
export async function accountFields(pgProvider) {
  const { items } = await api.refundBanks(pgProvider);
  const holder = h('input', { id: 'refund-holder', maxlength: 50, autocomplete: 'off' });
  const bank = h('select', { id: 'refund-bank' }, h('option', { value: '' }, 'Choose the bank'), items.map((b) => h('option', { value: b.code }, `${b.name} (${b.code})`)));
  const account = h('input', { id: 'refund-account', maxlength: 30, inputmode: 'numeric', autocomplete: 'off', placeholder: '123-456-789012' });
  return {
    first: holder,
    fields: [
      h('p', { class: 'muted' }, "A deposited virtual account is refunded to the buyer's bank account:"),
      field('Account holder 예금주', holder),
      field('Bank 은행', bank),
      field('Account number 계좌번호', account, 'digits; hyphens are fine'),
    ],
    rules: [
      [holder, required("the account holder's name")],
      [bank, (value) => (value ? null : 'Choose the bank the account is at.')],
      [account, (value) => (/^\d{6,20}$/.test(value.replace(/[\s-]/g, '')) ? null : 'Enter the account number: 6 to 20 digits.')],
    ],
    body: () => ({ refund_holder: holder.value.trim(), refund_bank: bank.value, refund_account: account.value.replace(/[\s-]/g, '') }),
  };
}
