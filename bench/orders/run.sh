#!/usr/bin/env bash
# Order history on 1,000,000 orders and the CSV import rate, in one command (docs/performance.md):
#   1. starts a throwaway PostgreSQL and Redis and the API (Release, demo data) like bench/load/run.sh;
#   2. writes PORTAL_BENCH_ORDERS (default 1,000,000) orders with 3 lines each for the demo account Acme
#      straight into PostgreSQL (generate_series: the API would take hours), then ANALYZE;
#   3. times GET /api/v1/orders with each filter through the API (acme-admin, 20 calls each) and prints
#      EXPLAIN ANALYZE of the same queries (bench/orders/history.sql);
#   4. uploads a PORTAL_BENCH_CSV_ROWS-row (default 100,000) CSV to POST /api/v1/order-imports and prints
#      rows per second and the API's peak memory.
# Traffic goes to 127.0.0.1 only; everything started is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
orders=${PORTAL_BENCH_ORDERS:-1000000}
csv_rows=${PORTAL_BENCH_CSV_ROWS:-100000}
out=${PORTAL_BENCH_OUT:-$root/bench/orders/out/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$out"; out=$(cd "$out" && pwd)
log() { printf '\n==> [%s] %s\n' "$(date +%H:%M:%S)" "$*"; }
summary="$out/summary.txt"; : > "$summary"
note() { printf '%s\n' "$*" | tee -a "$summary"; }

source "$root/bench/lib.sh"
bench_prerequisites
bench_build
bench_start_servers "$out" true

customer=$(psql_run -c "SELECT id FROM customers WHERE number = 'C-10001'")
requester=$(psql_run -c "SELECT id FROM users WHERE customer_id = '$customer' AND email LIKE 'buyer@%'")
cost_center=$(psql_run -c "SELECT id FROM cost_centers WHERE customer_id = '$customer' ORDER BY code LIMIT 1")

log "writing $orders orders (3 lines each) for Acme"
t0=$(date +%s)
psql_run <<SQL
CREATE TEMP TABLE u AS SELECT id, org_unit_id, row_number() OVER (ORDER BY email) - 1 AS n FROM users WHERE customer_id = '$customer';
CREATE TEMP TABLE cc AS SELECT id, code, row_number() OVER (ORDER BY code) - 1 AS n FROM cost_centers WHERE customer_id = '$customer';
CREATE TEMP TABLE p AS SELECT sku, name, unit, row_number() OVER (ORDER BY sku) - 1 AS n FROM products;
INSERT INTO orders (id, customer_id, number, requester_id, org_unit_id, customer_reference, status, currency, total, source, created_at, updated_at, version)
SELECT gen_random_uuid(), '$customer', 'SO-B-' || lpad(i::text, 8, '0'), u.id, u.org_unit_id, 'PO-' || lpad(i::text, 7, '0'),
       (ARRAY['submitted','confirmed','shipped','delivered','delivered','delivered','cancelled'])[1 + i % 7], 'EUR', 100 + i % 900, 'bench',
       now() - (i * interval '30 seconds'), now() - (i * interval '30 seconds'), 1
FROM generate_series(1, $orders) AS i JOIN u ON u.n = i % (SELECT count(*) FROM u);
INSERT INTO order_lines (id, customer_id, order_id, position, sku, description, unit, quantity, unit_price, list_price, line_total, price_source, condition_id, cost_center_id, cost_center_code, order_created_at)
SELECT gen_random_uuid(), o.customer_id, o.id, k, p.sku, p.name, p.unit, 1 + k, 10, 12, 10 * (1 + k), 'list', 'LIST-' || p.sku, cc.id, cc.code, o.created_at
FROM orders AS o
CROSS JOIN generate_series(1, 3) AS k
JOIN p ON p.n = (abs(hashtext(o.number)) + k * 7) % (SELECT count(*) FROM p)
JOIN cc ON cc.n = (abs(hashtext(o.number)) + k) % (SELECT count(*) FROM cc)
WHERE o.source = 'bench';
ANALYZE orders; ANALYZE order_lines;
SQL
note "RESULT orders-written $orders in $(( $(date +%s) - t0 )) s"

# Demo data on PostgreSQL gets random secrets (never the README's): the bench's supplier admin gives
# acme-admin a fresh one by rotating it.
admin_token=$(curl -fsS -u "$client_id:$client_secret" -d grant_type=client_credentials "$url/connect/token" | sed -n 's/.*"access_token": *"\([^"]*\)".*/\1/p')
acme_admin=$(psql_run -c "SELECT id FROM api_clients WHERE client_id = 'acme-admin'")
acme_secret=$(curl -fsS -X POST -H "Authorization: Bearer $admin_token" -H "Portal-Customer: $customer" -H 'Content-Type: application/json' \
  -d '{"gracePeriodMinutes":0}' "$url/api/v1/api-clients/$acme_admin/rotate" | sed -n 's/.*"clientSecret": *"\([^"]*\)".*/\1/p')
token=$(curl -fsS -u "acme-admin:$acme_secret" -d grant_type=client_credentials "$url/connect/token" | sed -n 's/.*"access_token": *"\([^"]*\)".*/\1/p')
sku=$(psql_run -c "SELECT sku FROM products ORDER BY sku LIMIT 1 OFFSET 7")
time_query() {
  local name=$1 query=$2 times=()
  curl -fsS -o /dev/null -H "Authorization: Bearer $token" "$url/api/v1/orders?$query" # warm-up
  for _ in $(seq 1 20); do
    times+=("$(curl -fsS -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $token" "$url/api/v1/orders?$query")")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v name="$name" '{ a[NR] = $1 * 1000 } END { printf "RESULT history %-28s median %6.1f ms  p95 %6.1f ms  max %6.1f ms\n", name, a[int(NR/2)+1], a[int(NR*0.95)], a[NR] }' | tee -a "$summary"
}
log "timing GET /api/v1/orders (20 calls each, after one warm-up)"
from=$(date -u -d '-120 days' +%Y-%m-%dT%H:%M:%SZ); to=$(date -u -d '-90 days' +%Y-%m-%dT%H:%M:%SZ)
time_query "first page" "limit=50"
time_query "status=shipped" "status=shipped"
time_query "from/to (30 days)" "from=$from&to=$to"
time_query "sku" "sku=$sku"
time_query "costCenterId" "costCenterId=$cost_center"
time_query "requesterId" "requesterId=$requester"
time_query "q (reference)" "q=PO-0777777"
time_query "combined" "status=delivered&requesterId=$requester&sku=$sku&from=$(date -u -d '-180 days' +%Y-%m-%dT%H:%M:%SZ)&to=$to"
cursor=$(curl -fsS -H "Authorization: Bearer $token" "$url/api/v1/orders?limit=200" | sed -n 's/.*"nextCursor":"\([^"]*\)".*/\1/p')
time_query "second page (cursor)" "limit=200&cursor=$cursor"

log "query plans (EXPLAIN ANALYZE)"
psql_run -v customer="$customer" -v sku="$sku" -v cost_center="$cost_center" -v requester="$requester" -f "$root/bench/orders/history.sql" > "$out/plans.txt" 2>&1 || true
grep -E "^---|Execution Time|Index|Seq Scan" "$out/plans.txt" | tee -a "$summary" || true

log "CSV import: $csv_rows rows into POST /api/v1/order-imports"
csv="$out/import.csv"
awk -v rows="$csv_rows" 'BEGIN { print "customer_reference;sku;quantity;note"; for (i = 0; i < rows; i++) printf "IMP-%05d;%s;%d;row %d\n", int(i / 100), (i % 2 ? "FAS-1002" : "TOL-1002"), 1 + i % 9, i }' > "$csv"
rss_before=$(ps -o rss= -p "$api_pid" | tr -d ' ')
peak=0
( while sleep 0.5; do r=$(ps -o rss= -p "$api_pid" 2>/dev/null | tr -d ' '); [ -n "$r" ] && echo "$r"; done ) > "$out/rss.txt" &
watcher=$!
t0=$(date +%s.%N)
status=$(curl -sS -o "$out/import-report.json" -w '%{http_code}' --max-time 1800 -H "Authorization: Bearer $token" -H "Content-Type: text/csv" \
  -H "Idempotency-Key: bench-$(date +%s)" --data-binary "@$csv" "$url/api/v1/order-imports")
t1=$(date +%s.%N)
kill "$watcher" 2>/dev/null || true
peak=$(sort -n "$out/rss.txt" | tail -n 1)
awk -v s="$status" -v rows="$csv_rows" -v a="$t0" -v b="$t1" -v before="$rss_before" -v peak="$peak" -v size="$(stat -c %s "$csv")" \
  'BEGIN { printf "RESULT csv-import HTTP %s: %d rows (%.1f MB) in %.1f s = %.0f rows/s; API memory %.0f MB before, peak %.0f MB\n", s, rows, size / 1048576, b - a, rows / (b - a), before / 1024, peak / 1024 }' | tee -a "$summary"
grep -o '"rowsApplied":[0-9]*' "$out/import-report.json" | tee -a "$summary" || true
log "done: $summary"
