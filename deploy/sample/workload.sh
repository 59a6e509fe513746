#!/usr/bin/env bash
# The sample workload: what a head office and its branches write during a day, fast-forwarded, so that changes
# can be seen flowing through the topology (deploy/topology.conf).
#
#   deploy/sample/workload.sh seed <office> <role> <database uri>
#   deploy/sample/workload.sh run  <office> <role> <database uri> [seconds (60)] [transactions per second (5)]
#
#   role head    seed: the product catalogue and its prices (idempotent); run: new products, price changes
#   role branch  run: sales of 1 to 3 lines at the branch's current prices, keyed (branch, sale_no)
#   uri          postgres://user:password@host:port/database or mysql://user:password@host:port/database; the
#                tables are retail.* (deploy/sample/postgres.sql, deploy/sample/mysql.sql). '-' takes it from the
#                environment variable WORKLOAD_URI, which keeps the password off the command line (ps).
# Needs psql for PostgreSQL offices and the mariadb (or mysql) client for MySQL ones. Every transaction is one
# statement batch sent to one client session; the pace comes from a server-side sleep between transactions.
set -euo pipefail

die() { printf 'workload: error: %s\n' "$*" >&2; exit 1; }

[ $# -ge 4 ] || die "usage: $0 seed|run <office> <head|branch> <database uri> [seconds] [transactions per second]"
URI=$4
[ "$URI" != - ] || URI=${WORKLOAD_URI:?"the uri is '-' but WORKLOAD_URI is not set"}
readonly ACTION=$1 OFFICE=$2 ROLE=$3 URI SECONDS_TO_RUN=${5:-60} RATE=${6:-5}
[[ $URI =~ ^(postgres|postgresql|mysql)://([^:@/]+):([^@/]*)@([^:/]+):([0-9]+)/([A-Za-z0-9_]+)$ ]] ||
  die "'$URI' is not a database URI like postgres://user:password@host:port/database"
ENGINE=${BASH_REMATCH[1]/postgresql/postgres}
DB_USER=${BASH_REMATCH[2]} DB_PASSWORD=${BASH_REMATCH[3]} DB_HOST=${BASH_REMATCH[4]} DB_PORT=${BASH_REMATCH[5]}
DB_NAME=${BASH_REMATCH[6]}
[[ $SECONDS_TO_RUN =~ ^[0-9]+$ ]] || die "seconds '$SECONDS_TO_RUN' is not a whole number"
[[ $RATE =~ ^[1-9][0-9]*$ ]] || die "transactions per second '$RATE' is not a positive whole number"
[[ $OFFICE =~ ^[A-Za-z0-9_-]+$ ]] || die "office '$OFFICE' may hold letters, digits, '-' and '_' only"

# client: reads SQL on standard input, prints errors only.
client() {
  if [ "$ENGINE" = postgres ]; then
    PGPASSWORD=$DB_PASSWORD psql -X -q -v ON_ERROR_STOP=1 -o /dev/null -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d "$DB_NAME"
  else
    local bin
    bin=$(command -v mariadb || command -v mysql) || die "neither mariadb nor mysql (the client) is installed"
    MYSQL_PWD=$DB_PASSWORD "$bin" --protocol=TCP -h "$DB_HOST" -P "$DB_PORT" -u "$DB_USER" -D "$DB_NAME"
  fi
}

# Both dialects spell the few things that differ through these.
if [ "$ENGINE" = postgres ]; then
  BEGIN='BEGIN;' RAND_FN='random()' SLEEP="SELECT pg_sleep(%s);"
  LAST_SALE='lastval()' ROW_NUMBER='row_number() OVER ()' SKU_OF_COUNT="'P' || lpad((count(*) + 1)::text, 4, '0')"
else
  BEGIN='START TRANSACTION;' RAND_FN='RAND()' SLEEP="DO SLEEP(%s);"
  LAST_SALE='LAST_INSERT_ID()' ROW_NUMBER='ROW_NUMBER() OVER ()' SKU_OF_COUNT="CONCAT('P', LPAD(COUNT(*) + 1, 4, '0'))"
fi

seed_sql() {
  local values="('P0001', 'Espresso beans 1 kg', 'grocery'), ('P0002', 'Green tea 100 bags', 'grocery'),
    ('P0003', 'Olive oil 750 ml', 'grocery'), ('P0004', 'Sourdough loaf', 'bakery'), ('P0005', 'Croissant', 'bakery'),
    ('P0006', 'Whole milk 1 l', 'dairy'), ('P0007', 'Aged cheddar 200 g', 'dairy'), ('P0008', 'Apples 1 kg', 'produce'),
    ('P0009', 'Bananas 1 kg', 'produce'), ('P0010', 'Dish soap 500 ml', 'household'),
    ('P0011', 'Paper towels 4 rolls', 'household'), ('P0012', 'AA batteries 8 pack', 'household')"
  echo "$BEGIN"
  if [ "$ENGINE" = postgres ]; then
    echo "INSERT INTO retail.products (sku, name, category) VALUES $values ON CONFLICT DO NOTHING;"
    echo "INSERT INTO retail.prices (sku, price) SELECT sku, round((1 + $RAND_FN * 19)::numeric, 2) FROM retail.products ON CONFLICT DO NOTHING;"
  else
    echo "INSERT IGNORE INTO retail.products (sku, name, category) VALUES $values;"
    echo "INSERT IGNORE INTO retail.prices (sku, price) SELECT sku, ROUND(1 + $RAND_FN * 19, 2) FROM retail.products;"
  fi
  echo "COMMIT;"
}

# One head-office transaction: every fifth one a new product with its price, the others a price change.
head_sql() {
  echo "$BEGIN"
  if [ $(($1 % 5)) -eq 0 ]; then
    echo "INSERT INTO retail.products (sku, name, category) SELECT $SKU_OF_COUNT, CONCAT('Seasonal item ', COUNT(*) + 1), 'seasonal' FROM retail.products;"
    echo "INSERT INTO retail.prices (sku, price) SELECT p.sku, 4.99 FROM retail.products p LEFT JOIN retail.prices c ON c.sku = p.sku WHERE c.sku IS NULL;"
  else
    # The derived table makes MySQL accept a subquery on the table being updated.
    echo "UPDATE retail.prices SET price = GREATEST(0.50, CAST(price * (0.9 + $RAND_FN * 0.2) AS DECIMAL(10,2))), valid_from = CURRENT_TIMESTAMP
          WHERE sku = (SELECT sku FROM (SELECT sku FROM retail.prices ORDER BY $RAND_FN LIMIT 1) AS one);"
  fi
  echo "COMMIT;"
}

# One sale at a branch: the sale, its lines at today's prices, its total.
branch_sql() {
  echo "$BEGIN"
  echo "INSERT INTO retail.sales (branch) VALUES ('$OFFICE');"
  echo "INSERT INTO retail.sale_lines (branch, sale_no, line_no, sku, quantity, unit_price)
        SELECT '$OFFICE', $LAST_SALE, $ROW_NUMBER, sku, 1 + FLOOR($RAND_FN * 3), price
        FROM (SELECT sku, price FROM retail.prices ORDER BY $RAND_FN LIMIT $((1 + $1 % 3))) AS picked;"
  echo "UPDATE retail.sales s SET total = (SELECT COALESCE(SUM(l.quantity * l.unit_price), 0) FROM retail.sale_lines l
        WHERE l.branch = s.branch AND l.sale_no = s.sale_no) WHERE s.branch = '$OFFICE' AND s.sale_no = $LAST_SALE;"
  echo "COMMIT;"
}

run_sql() {
  local i count=$((SECONDS_TO_RUN * RATE)) pause
  pause=$(printf '%d.%03d' $((1000 / RATE / 1000)) $((1000 / RATE % 1000)))
  for ((i = 1; i <= count; i++)); do
    "${ROLE}_sql" "$i"
    # shellcheck disable=SC2059
    printf "$SLEEP\n" "$pause"
  done
}

case $ROLE in head|branch) ;; *) die "role '$ROLE' is neither head nor branch" ;; esac
case $ACTION in
  seed)
    [ "$ROLE" = head ] || die "only the head office has something to seed (its catalogue)"
    seed_sql | client ;;
  run)
    printf 'workload: %s (%s) writes %s transactions a second for %ss\n' "$OFFICE" "$ROLE" "$RATE" "$SECONDS_TO_RUN"
    run_sql | client
    printf 'workload: %s done\n' "$OFFICE" ;;
  *) die "unknown action '$ACTION' (seed, run)" ;;
esac
