-- Runs once, when the MySQL container starts on an empty data volume (docker-entrypoint-initdb.d),
-- in the database named by MYSQL_DATABASE. The tables of the two seed sources, exactly as their
-- source definitions declare them (elastic-assets/sources/*.yml, key `ddl`); a test keeps them in step.

-- platform_sales: every card sale of every platform (interface.md). sold_at is local time (Asia/Seoul).
CREATE TABLE IF NOT EXISTS platform_sales (
  id BIGINT PRIMARY KEY AUTO_INCREMENT, platform VARCHAR(32) NOT NULL, store_id VARCHAR(64) NOT NULL,
  card_number VARCHAR(32) NULL, amount_sale DECIMAL(14,2) NULL, sold_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  deleted_at DATETIME(6) NULL, KEY ix_updated (updated_at, id)
) CHARACTER SET utf8mb4;

-- orders: the web shop's own table, mapped into platform_sales by the shop_orders source.
CREATE TABLE IF NOT EXISTS orders (
  order_no BIGINT PRIMARY KEY AUTO_INCREMENT, shop_code VARCHAR(64) NOT NULL,
  card_no VARCHAR(32) NULL, total_amount DECIMAL(14,2) NULL, ordered_at DATETIME(6) NOT NULL,
  modified_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
  cancelled_at DATETIME(6) NULL, KEY ix_modified (modified_at, order_no)
) CHARACTER SET utf8mb4;
