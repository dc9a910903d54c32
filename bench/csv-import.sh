#!/usr/bin/env bash
# The "CSV order import vs psql \copy" section of bench/run.sh on its own: Release build, throwaway
# PostgreSQL + Redis + API with the demo data, then N rounds (default 3) of the same file generation,
# curl timing and \copy timing; prints rows/s of each, the ratio and the API's peak RSS (VmHWM).
#   bench/csv-import.sh [ROUNDS] [ROWS]        (PORTAL_BENCH_NO_BUILD=1 skips the build)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
rounds=${1:-3} csv_rows=${2:-20000}
out=${PORTAL_BENCH_OUT:-$root/bench/out/$(date +%Y%m%d-%H%M%S)-csv}
mkdir -p "$out"; out=$(cd "$out" && pwd)

source "$root/bench/lib.sh"
bench_prerequisites
[ -n "${PORTAL_BENCH_NO_BUILD:-}" ] || bench_build
bench_start_servers "$out" true

psql_run() { "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d portal -v ON_ERROR_STOP=1 -qAt "$@"; }
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "n/a"; else print a[int((NR + 1) / 2)] }'; }
# This run's API (other checkouts may run theirs): the process serving $url, started by dotnet run.
app_pid=$(pgrep -f "net10.0/Portal.Api --urls $url" | head -n 1 || true)
[ -n "$app_pid" ] || app_pid=$(pgrep -f "Portal.Api.dll --urls $url" | head -n 1)
hwm() { awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$app_pid/status"; }
rss() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$app_pid/status"; }
# VmHWM includes start-up (demo data seeding): the import's peak is VmRSS sampled every 0.2 s while it runs.
sample_rss() { local peak=0 v; while kill -0 "$1" 2>/dev/null; do v=$(rss); [ "$v" -le "$peak" ] || peak=$v; sleep 0.2; done; echo "$peak" > "$2"; }
echo "API pid $app_pid, VmRSS before the import $(rss) MB, VmHWM so far $(hwm) MB"

customer=$(psql_run -c "SELECT id FROM customers WHERE number = 'C-10001'")
admin_token=$(curl -fsS -u "$client_id:$client_secret" -d grant_type=client_credentials "$url/connect/token" | sed -n 's/.*"access_token": *"\([^"]*\)".*/\1/p')
acme_admin=$(psql_run -c "SELECT id FROM api_clients WHERE client_id = 'acme-admin'")
acme_secret=$(curl -fsS -X POST -H "Authorization: Bearer $admin_token" -H "Portal-Customer: $customer" -H 'Content-Type: application/json' \
  -d '{"gracePeriodMinutes":0}' "$url/api/v1/api-clients/$acme_admin/rotate" | sed -n 's/.*"clientSecret": *"\([^"]*\)".*/\1/p')
acme_token=$(curl -fsS -u "acme-admin:$acme_secret" -d grant_type=client_credentials "$url/connect/token" | sed -n 's/.*"access_token": *"\([^"]*\)".*/\1/p')
psql_run -c "SELECT sku FROM products WHERE sku NOT LIKE 'BENCH-%' AND NOT regulated ORDER BY sku LIMIT 50" > "$out/demo-skus.txt" 2>/dev/null \
  || psql_run -c "SELECT sku FROM products WHERE sku NOT LIKE 'BENCH-%' ORDER BY sku LIMIT 50" > "$out/demo-skus.txt"
psql_run -c "CREATE TABLE bench_csv_copy (customer_reference text, sku text, quantity text, note text)"
api_list=() copy_list=()
for r in $(seq 1 "$rounds"); do
  csv="$out/import-$r.csv"
  awk -v rows="$csv_rows" -v r="$r" -v skus="$(paste -sd' ' "$out/demo-skus.txt")" 'BEGIN { n = split(skus, s, " ");
    print "customer_reference;sku;quantity;note";
    for (i = 0; i < rows; i++) printf "IMP-%d-%05d;%s;%d,5;row %d\n", r, int(i / 100), s[1 + i % n], 1 + i % 9, i }' > "$csv"
  ( sleep 36000 ) & sleeper=$!
  sample_rss "$sleeper" "$out/rss-$r.txt" &
  sampler=$!
  t0=$(date +%s.%N)
  status=$(curl -sS -o "$out/import-$r.json" -w '%{http_code}' --max-time 1800 -H "Authorization: Bearer $acme_token" -H "Content-Type: text/csv" \
    -H "Idempotency-Key: bench-$r-$(date +%s%N)" --data-binary "@$csv" "$url/api/v1/order-imports")
  t1=$(date +%s.%N)
  kill "$sleeper"; wait "$sampler" || true
  api_list+=("$(awk -v n="$csv_rows" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }')")
  api_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  psql_run -c "TRUNCATE bench_csv_copy"
  t0=$(date +%s.%N)
  psql_run -c "\\copy bench_csv_copy FROM '$csv' WITH (FORMAT csv, DELIMITER ';', HEADER true)"
  t1=$(date +%s.%N)
  copy_list+=("$(awk -v n="$csv_rows" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }')")
  echo "RESULT csv round $r: HTTP $status, API ${api_list[-1]} rows/s (${api_s} s), \\copy ${copy_list[-1]} rows/s, ratio $(awk -v a="${api_list[-1]}" -v b="${copy_list[-1]}" 'BEGIN { printf "%.3f", a / b }') ($(grep -o '"rowsApplied":[0-9]*' "$out/import-$r.json" || echo 'no report')), peak VmRSS during the import $(cat "$out/rss-$r.txt") MB"
done
csv_api=$(printf '%s\n' "${api_list[@]}" | median); csv_copy=$(printf '%s\n' "${copy_list[@]}" | median)
csv_ratio=$(printf '%s\n' "${api_list[@]}" | paste -d' ' - <(printf '%s\n' "${copy_list[@]}") | awk '{ printf "%.4f\n", $1 / $2 }' | median)
echo "RESULT csv median: API $csv_api rows/s, \\copy $csv_copy rows/s, ratio $csv_ratio, peak VmRSS during the imports $(cat "$out"/rss-*.txt | sort -n | tail -n 1) MB (VmHWM since start-up $(hwm) MB)"
echo "orders in the database: $(psql_run -c "SELECT count(*) FROM orders WHERE source = 'csv'"), lines: $(psql_run -c "SELECT count(*) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.source = 'csv'")"
