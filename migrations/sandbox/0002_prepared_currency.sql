-- A pre-registered amount keeps the cents of a non-KRW currency, and the currency it was registered in (null: any).
ALTER TABLE iamport_sandbox.prepared ALTER COLUMN amount TYPE numeric;
ALTER TABLE iamport_sandbox.prepared ADD COLUMN currency text;
