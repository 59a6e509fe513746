-- The sample retail schema, MySQL/MariaDB flavour: the database `retail` holds the same tables as the schema
-- retail of the PostgreSQL offices (deploy/sample/postgres.sql), so a branch on MySQL consolidates into the head
-- office's retail.* tables. Idempotent.
CREATE DATABASE IF NOT EXISTS retail CHARACTER SET utf8mb4;
USE retail;

CREATE TABLE IF NOT EXISTS products (
    sku         varchar(32) PRIMARY KEY,
    name        varchar(200) NOT NULL,
    category    varchar(100) NOT NULL,
    created_at  timestamp(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
);

CREATE TABLE IF NOT EXISTS prices (
    sku         varchar(32) PRIMARY KEY,
    price       decimal(10,2) NOT NULL CHECK (price > 0),
    currency    varchar(3) NOT NULL DEFAULT 'EUR',
    valid_from  timestamp(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    FOREIGN KEY (sku) REFERENCES products (sku)
);

-- AUTO_INCREMENT must lead an index of its own in InnoDB: hence the extra key on sale_no.
CREATE TABLE IF NOT EXISTS sales (
    branch      varchar(32) NOT NULL,
    sale_no     bigint NOT NULL AUTO_INCREMENT,
    sold_at     timestamp(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    total       decimal(12,2) NOT NULL DEFAULT 0,
    PRIMARY KEY (branch, sale_no),
    KEY (sale_no)
);

CREATE TABLE IF NOT EXISTS sale_lines (
    branch      varchar(32) NOT NULL,
    sale_no     bigint NOT NULL,
    line_no     int NOT NULL,
    sku         varchar(32) NOT NULL,
    quantity    int NOT NULL CHECK (quantity > 0),
    unit_price  decimal(10,2) NOT NULL,
    PRIMARY KEY (branch, sale_no, line_no),
    FOREIGN KEY (branch, sale_no) REFERENCES sales (branch, sale_no),
    FOREIGN KEY (sku) REFERENCES products (sku)
);
