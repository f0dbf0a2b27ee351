-- A Payment answers exactly the reference's fields: deposit_history and promotion join it, and notice_url (where the
-- webhook goes, not a Payment field) moves to a column of its own.
ALTER TABLE iamport_sandbox.payments ADD COLUMN notice_url text;
UPDATE iamport_sandbox.payments
   SET notice_url = payment->>'notice_url',
       payment = jsonb_build_object('deposit_history', '[]'::jsonb, 'promotion', NULL) || (payment - 'notice_url');
