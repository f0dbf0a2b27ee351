-- Every change of an order's money state is an update that indexed columns make non-HOT: each index of orders gets an
-- entry per change, and a page to dirty. Two need not: the accepted imp_uid is unique by construction (a payment has
-- one merchant_uid and payments.imp_uid is its primary key), and the console's buyer searches only need the orders
-- that have that field.
ALTER TABLE orders DROP CONSTRAINT orders_imp_uid_key;

DROP INDEX orders_by_buyer_email;
DROP INDEX orders_by_buyer_name;
CREATE INDEX orders_by_buyer_email ON orders ((lower(buyer->>'email')) text_pattern_ops) WHERE buyer ? 'email';
CREATE INDEX orders_by_buyer_name ON orders ((lower(buyer->>'name')) text_pattern_ops) WHERE buyer ? 'name';
