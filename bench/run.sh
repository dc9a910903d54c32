#!/usr/bin/env bash
# Every hot path against its physical limit, in one run (issue #23; bench/README.md, docs/performance.md):
#   price calculation (50-line warm cart) vs a minimal ASP.NET Core app answering the same bytes (wrk, interleaved),
#   warm p99 at 500 req/s and cold p99 at 50 req/s (open loop), CSV order import vs psql \copy of the same file,
#   cXML OrderRequest parsing vs a bare XmlReader pass and end-to-end cXML orders/s, order history vs the same
#   query through pgbench, the budget check vs the minimal app, webhook dispatch vs the receiver's own limit, and the
#   API's peak RSS through all of it.
#
#   bench/run.sh            full data set: 100,000 products, 5,000 accounts, 1,000,000 conditions, 1,000,000 orders
#   bench/run.sh --quick    20,000 / 500 / 100,000 / 100,000, shorter runs: under 5 minutes, build included
#   bench/run.sh --smoke    small data set, ratios only; exits 1 when a ratio is more than 20 % below
#                           bench/smoke-baseline.txt (--record writes that file from this run instead); ./test.sh
#                           runs it through bench/smoke-gate.sh, which measures a ratio that dropped again
#   --no-build              reuse the previous run's build (the API's publish and the bench tools) when it is there
#                           (or PORTAL_BENCH_NO_BUILD set, as for bench/csv-import.sh)
# Each ratio is the median of 3 interleaved rounds (short ones in --smoke). The table is printed and, except in --smoke,
# written into docs/performance.md between the "bench/run.sh" markers. Everything started is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

mode=full record="" build=1
[ -z "${PORTAL_BENCH_NO_BUILD:-}" ] || build=""
for arg in "$@"; do
  case "$arg" in
    --quick) mode=quick ;;
    --smoke) mode=smoke ;;
    --record) record=1 ;;
    --no-build) build="" ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown argument $arg (see --help)" >&2; exit 2 ;;
  esac
done
case "$mode" in
  full)  products=100000 accounts=5000 conditions=1000000 orders=1000000 csv_rows=20000 wrk_s=20 load_s=30 rounds=3 cxml_docs=10000 cxml_orders=500 hook_events=2000 ;;
  quick) products=20000  accounts=500  conditions=100000  orders=100000  csv_rows=20000 wrk_s=4  load_s=8  rounds=3 cxml_docs=5000 cxml_orders=60  hook_events=150 ;;
  smoke) products=2000   accounts=50   conditions=20000   orders=10000   csv_rows=20000 wrk_s=3  load_s=3  rounds=3 cxml_docs=2000 cxml_orders=20  hook_events=100 ;;
esac
# Unreported warm-ups: before the open-loop price runs, before each wrk round; and how long each order-history query
# runs. --quick keeps them short so that the whole command, build included, stays within 5 minutes.
case "$mode" in
  quick) warmup_s=4 wrk_warmup_s=1 history_s=3 history_warmup_s=1 side_s=2 side_limit_s=1 side_warmup_s=1 ;;
  smoke) warmup_s=10 wrk_warmup_s=5 history_s=$load_s history_warmup_s=3 side_s=2 side_limit_s=1 side_warmup_s=2 ;;
  *)     warmup_s=10 wrk_warmup_s=5 history_s=$load_s history_warmup_s=3 side_s=10 side_limit_s=10 side_warmup_s=5 ;;
esac
# side_s: the measured wrk window of the budget check; side_limit_s that of the limits beside it (the minimal app, the
# webhook receiver: tens of thousands of requests a second, so 1 s is plenty); side_warmup_s their one warm-up, before
# the first round.
out=${PORTAL_BENCH_OUT:-$root/bench/out/$(date +%Y%m%d-%H%M%S)-$mode}
mkdir -p "$out"; out=$(cd "$out" && pwd)
summary="$out/summary.txt"; : > "$summary"
note() { printf '%s\n' "$*" | tee -a "$summary"; }
started=$(date +%s)

source "$root/bench/lib.sh"
bench_prerequisites
# The bench tools build beside the API's publish: Portal.Load and Minimal reference nothing of src/, so they build
# while it runs; bench/Cxml references Portal.Punchout, which the publish restores and builds, so it builds after it.
# --no-build (bench/smoke-gate.sh, a second run): reuse what the previous run built, when it is all there.
built() { [ -f "$bench_app_dir/Portal.Api.dll" ] && [ -f bench/Portal.Load/bin/Release/net10.0/Portal.Load.dll ] \
  && [ -f bench/Minimal/bin/Release/net10.0/Portal.Bench.Minimal.dll ] && [ -f bench/Cxml/bin/Release/net10.0/Portal.Bench.Cxml.dll ]; }
if [ -n "$build" ] || ! built; then
  build_pids=()
  for project in bench/Portal.Load bench/Minimal; do
    dotnet build "$project" -c Release -nologo -clp:ErrorsOnly & build_pids+=($!)
  done
  bench_build
  dotnet build bench/Cxml -c Release -nologo -clp:ErrorsOnly
  for pid in "${build_pids[@]}"; do wait "$pid"; done
fi
load=(dotnet "$root/bench/Portal.Load/bin/Release/net10.0/Portal.Load.dll")
cxml=(dotnet "$root/bench/Cxml/bin/Release/net10.0/Portal.Bench.Cxml.dll")

minimal_pid="" rss_pid=""
cleanup_all() {
  set +e
  [ -z "$rss_pid" ] || kill "$rss_pid" 2>/dev/null
  [ -z "$minimal_pid" ] || { kill -- "-$minimal_pid" 2>/dev/null; kill "$minimal_pid" 2>/dev/null; }
  bench_cleanup
}
bench_start_servers "$out" true
trap cleanup_all EXIT

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0 && a != "n/a") printf "%.3f", a / b; else print "n/a" }'; }
# median_of ARRAY: the median of the named array; median_ratio A B: the median of A[i] / B[i] (rounds measured in pairs).
median_of() { local -n values=$1; printf '%s\n' "${values[@]}" | median; }
median_ratio() { local -n tops=$1 bottoms=$2; paste -d' ' <(printf '%s\n' "${tops[@]}") <(printf '%s\n' "${bottoms[@]}") | awk '{ printf "%.4f\n", $1 / $2 }' | median; }

# The API's own process (bench_start_servers execs it) and its resident memory, sampled every 0.5 s.
app_pid=$api_pid
( while kill -0 "$app_pid" 2>/dev/null; do
    awk -v t="$(date +%s)" '/^VmRSS:/ { print t, $2 }' "/proc/$app_pid/status" 2>/dev/null; sleep 0.5
  done ) > "$out/rss.txt" &
rss_pid=$!
rss_peak() { awk -v from="${1:-0}" '$1 >= from && $2 > m { m = $2 } END { printf "%.0f", m / 1024 }' "$out/rss.txt"; }
rss_now() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$app_pid/status"; }

note "Portal bench/run.sh --$mode — $(date -u +%Y-%m-%dT%H:%M:%SZ) — $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
revision="not a git checkout"
if git rev-parse --git-dir >/dev/null 2>&1; then
  revision="commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo ' + uncommitted changes in src/')"
fi
note "$revision; data: $products products, $accounts accounts, $conditions conditions, $orders orders; idle RSS $(rss_now) MB"

# --- seed ------------------------------------------------------------------------------------------------
export PORTAL_BENCH_URL=$url PORTAL_BENCH_CLIENT_ID=$client_id PORTAL_BENCH_CLIENT_SECRET=$client_secret PORTAL_BENCH_DIR=$out/data
bench_log "seeding $products products, $accounts accounts, $conditions conditions through the HTTP API"
timeout 10800 "${load[@]}" seed --products "$products" --accounts "$accounts" --conditions "$conditions" > "$out/seed.log"
grep '^RESULT' "$out/seed.log" >> "$summary" || true
psql_run -c "VACUUM (ANALYZE) price_conditions" -c "VACUUM (ANALYZE) products"

# --- price: open loop (warm p99 at 500 req/s, cold p99 at 50 req/s) ---------------------------------------
bench_log "price calculation, open loop"
timeout 300 "${load[@]}" run --duration "$warmup_s" --mode warm --rate 500 > "$out/warm-up.log" || true
timeout $((load_s + 600)) "${load[@]}" run --duration "$load_s" --mode warm --rate 500 > "$out/warm-500.log" || true
timeout $((load_s + 600)) "${load[@]}" run --duration "$load_s" --mode cold --rate 50 > "$out/cold-50.log" || true
grep -h '^RESULT' "$out/warm-500.log" "$out/cold-50.log" >> "$summary" || true
pct() { grep '^RESULT' "$1" | head -n 1 | grep -o "$2=[0-9.]*" | cut -d= -f2 | head -n 1; }
warm_p50=$(pct "$out/warm-500.log" p50_ms); warm_p99=$(pct "$out/warm-500.log" p99_ms)
cold_p50=$(pct "$out/cold-50.log" p50_ms); cold_p99=$(pct "$out/cold-50.log" p99_ms)

# --- price: closed loop, against the minimal app, interleaved ----------------------------------------------
bench_log "price calculation vs the minimal app (wrk, $rounds interleaved rounds)"
"${load[@]}" sample --out "$out/sample" >> "$summary"
# minimal_start ANSWER_FILE [LOG_NAME]: the minimal app on $minimal_port, answering every POST with the file's bytes.
minimal_start() {
  minimal_port=$(free_port)
  PORTAL_BENCH_ANSWER="$1" ASPNETCORE_ENVIRONMENT=Production \
    setsid dotnet bench/Minimal/bin/Release/net10.0/Portal.Bench.Minimal.dll --urls "http://127.0.0.1:$minimal_port" > "$out/${2:-minimal}.log" 2>&1 &
  minimal_pid=$!
  for _ in $(seq 1 100); do curl -fsS -o /dev/null -X POST -d '{}' "http://127.0.0.1:$minimal_port/" 2>/dev/null && break; sleep 0.2; done
}
minimal_stop() { kill -- "-$minimal_pid" 2>/dev/null || kill "$minimal_pid" 2>/dev/null || true; minimal_pid=""; }
minimal_start "$out/sample/response.json"
token=$(cat "$out/sample/token.txt"); account=$(cat "$out/sample/account.txt")
# wrk_rps NAME URL BODY_FILE CONNECTIONS SECONDS WARM-UP_SECONDS [TOKEN [ACCOUNT]]: closed-loop POSTs of the file after an
# unreported warm-up (none when 0); prints req/s.
wrk_rps() {
  local name=$1 target=$2 body=$3 connections=$4 seconds=$5 warm=$6; shift 6
  [ "$warm" = 0 ] || timeout 60 wrk -t 2 -c "$connections" -d "${warm}s" -s bench/load/post.lua "$target" -- "$body" "$@" > /dev/null
  timeout $((seconds + 60)) wrk -t 2 -c "$connections" -d "${seconds}s" --timeout 10s --latency -s bench/load/post.lua "$target" -- "$body" "$@" > "$out/wrk-$name.log"
  awk '/^Requests\/sec:/ { print $2 }' "$out/wrk-$name.log"
}
price_list=() minimal_list=()
price_from=$(date +%s)
for r in $(seq 1 "$rounds"); do
  price_list+=("$(wrk_rps "price-$r" "$url/api/v1/price-calculations" "$out/sample/cart.json" 32 "$wrk_s" "$wrk_warmup_s" "$token" "$account")")
  minimal_list+=("$(wrk_rps "minimal-$r" "http://127.0.0.1:$minimal_port/api/v1/price-calculations" "$out/sample/cart.json" 32 "$wrk_s" "$wrk_warmup_s")")
  note "RESULT wrk round $r: price ${price_list[-1]} req/s, minimal app ${minimal_list[-1]} req/s"
done
price_rps=$(median_of price_list); minimal_rps=$(median_of minimal_list); price_ratio=$(median_ratio price_list minimal_list)
price_rss=$(rss_peak "$price_from")
# The platform's own latency at the same open-loop rate: the same warm requests (bodies, headers, client) sent to the
# minimal app, so the p99 target can be read against what this machine gives an app that does nothing.
timeout $((load_s + 600)) "${load[@]}" run --duration "$load_s" --mode warm --rate 500 --target "http://127.0.0.1:$minimal_port" > "$out/minimal-500.log" || true
grep -h '^RESULT' "$out/minimal-500.log" | sed 's/^RESULT run/RESULT minimal-app run/' >> "$summary" || true
minimal_p50=$(pct "$out/minimal-500.log" p50_ms); minimal_p99=$(pct "$out/minimal-500.log" p99_ms)
minimal_stop

# --- CSV order import vs psql \copy --------------------------------------------------------------------------
bench_log "CSV order import: $csv_rows rows, $rounds rounds, vs psql \\copy"
bench_csv_prepare "$out"
customer=$(psql_run -c "SELECT id FROM customers WHERE number = 'C-10001'")
api_list=() copy_list=()
csv_from=$(date +%s)
# The first import of the process (round 0) is reported on its own line and left out of the median: it pays for
# the code it runs the first time (EF Core compiles its queries, the JIT its hot methods), as the price path's
# 10 s warm-up run does before its measured runs. Each round starts once the previous one's mails are out.
for r in $(seq 0 "$rounds"); do
  bench_csv_file "$out" "$r" "$csv_rows"
  read -r status api_rps _ < <(bench_csv_import "$out" "$r" "$csv_rows")
  copy_rps=$(bench_csv_copy "$out" "$r" "$csv_rows")
  quiet=$(bench_csv_quiet)
  if [ "$r" -eq 0 ]; then
    csv_first_api=$api_rps csv_first_copy=$copy_rps
    note "RESULT csv first import (not in the median): HTTP $status, API $api_rps rows/s, \\copy $copy_rps rows/s; its mails were out $quiet s later"
    continue
  fi
  api_list+=("$api_rps")
  copy_list+=("$copy_rps")
  note "RESULT csv round $r: HTTP $status, API ${api_list[-1]} rows/s, \\copy ${copy_list[-1]} rows/s ($(grep -o '"rowsApplied":[0-9]*' "$out/import-$r.json" || echo 'no report')); its mails were out $quiet s later"
done
csv_api=$(median_of api_list); csv_copy=$(median_of copy_list); csv_ratio=$(median_ratio api_list copy_list)
csv_rss=$(rss_peak "$csv_from")

# --- cXML OrderRequest: parse vs bare XmlReader; end to end ---------------------------------------------------
bench_log "cXML OrderRequest intake"
note "RESULT the API was idle $(bench_idle "$app_pid") s after the imports (the parse runs beside it, in a process of its own)"
"${cxml[@]}" cxml-parse --docs "$cxml_docs" --rounds "$rounds" | tee -a "$summary" > "$out/cxml-parse.log"
cxml_reader=$(grep -o 'reader_docs_s=[0-9]*' "$out/cxml-parse.log" | cut -d= -f2); cxml_bare=$(grep -o 'bare_docs_s=[0-9]*' "$out/cxml-parse.log" | cut -d= -f2)
cxml_ratio=$(grep -o ' ratio=[0-9.]*' "$out/cxml-parse.log" | cut -d= -f2)
# Demo data on PostgreSQL gets a random punchout secret, logged once at start-up for the operator.
punchout_secret=$(grep -o 'has the random shared secret [^ .]*' "$out/api.log" | head -n 1 | awk '{ print $NF }')
cxml_orders_s=n/a
if [ -n "$punchout_secret" ]; then
  "${cxml[@]}" cxml-orders --url "$url" --identity AN-DEMO-ACME --secret "$punchout_secret" --skus "$out/demo-skus.txt" \
    --lines 20 --count "$cxml_orders" --parallel 4 | tee -a "$summary" > "$out/cxml-orders.log" || true
  cxml_orders_s=$(grep -o 'orders_s=[0-9.]*' "$out/cxml-orders.log" | cut -d= -f2 || echo n/a)
fi

# --- order history at scale vs the same query through pgbench -----------------------------------------------------
bench_log "order history: $orders orders"
requester=$(psql_run -c "SELECT id FROM users WHERE customer_id = '$customer' AND email LIKE 'buyer@%'")
psql_run <<SQL
CREATE TEMP TABLE u AS SELECT id, org_unit_id, row_number() OVER (ORDER BY email) - 1 AS n FROM users WHERE customer_id = '$customer';
CREATE TEMP TABLE cc AS SELECT id, code, row_number() OVER (ORDER BY code) - 1 AS n FROM cost_centers WHERE customer_id = '$customer';
CREATE TEMP TABLE p AS SELECT sku, name, unit, row_number() OVER (ORDER BY sku) - 1 AS n FROM products WHERE sku NOT LIKE 'BENCH-%';
INSERT INTO orders (id, customer_id, number, requester_id, org_unit_id, customer_reference, status, currency, total, source, created_at, updated_at, version)
SELECT gen_random_uuid(), '$customer', 'SO-B-' || lpad(i::text, 8, '0'), u.id, u.org_unit_id, 'PO-' || lpad(i::text, 7, '0'),
       (ARRAY['submitted','confirmed','shipped','delivered','delivered','delivered','cancelled'])[1 + i % 7], 'EUR', 100 + i % 900, 'bench',
       now() - (i * interval '30 seconds'), now() - (i * interval '30 seconds'), 1
FROM generate_series(1, $orders) AS i JOIN u ON u.n = i % (SELECT count(*) FROM u);
INSERT INTO order_lines (id, customer_id, order_id, position, sku, description, unit, quantity, unit_price, list_price, line_total, price_source, condition_id, cost_center_id, cost_center_code, order_created_at)
SELECT gen_random_uuid(), o.customer_id, o.id, k, p.sku, p.name, p.unit, 1 + k, 10, 12, 10 * (1 + k), 'list', 'LIST-' || p.sku, cc.id, cc.code, o.created_at
FROM orders AS o CROSS JOIN generate_series(1, 3) AS k
JOIN p ON p.n = (abs(hashtext(o.number)) + k * 7) % (SELECT count(*) FROM p)
JOIN cc ON cc.n = (abs(hashtext(o.number)) + k) % (SELECT count(*) FROM cc)
WHERE o.source = 'bench';
ANALYZE orders; ANALYZE order_lines;
SQL
cat > "$out/history-first-page.sql" <<SQL
SELECT o.id, o.number, o.status, o.customer_reference, o.requester_id, o.currency, o.total,
       (SELECT count(*)::int FROM order_lines AS l WHERE o.id = l.order_id) AS line_count, o.created_at
FROM orders AS o WHERE o.customer_id = '$customer' ORDER BY o.created_at DESC, o.number DESC LIMIT 51;
SQL
cat > "$out/history-status.sql" <<SQL
SELECT o.id, o.number, o.status, o.customer_reference, o.requester_id, o.currency, o.total,
       (SELECT count(*)::int FROM order_lines AS l WHERE o.id = l.order_id) AS line_count, o.created_at
FROM orders AS o WHERE o.customer_id = '$customer' AND o.status = ANY (ARRAY['shipped']) AND o.requester_id = '$requester'
ORDER BY o.created_at DESC, o.number DESC LIMIT 51;
SQL
history_rows=()
history_api_p99=() history_db_p99=()
for q in first-page:limit=50 status:"status=shipped&requesterId=$requester&limit=50"; do
  name=${q%%:*} query=${q#*:}
  timeout 60 wrk -t 1 -c 1 -d "${history_warmup_s}s" -H "Authorization: Bearer $acme_token" "$url/api/v1/orders?$query" > /dev/null
  timeout 120 wrk -t 1 -c 1 -d "${history_s}s" --latency -H "Authorization: Bearer $acme_token" "$url/api/v1/orders?$query" > "$out/history-$name-api.log"
  api_p50=$(awk '$1 == "50%" { print $2 }' "$out/history-$name-api.log"); api_p99=$(awk '$1 == "99%" { print $2 }' "$out/history-$name-api.log")
  "$pg_bin/pgbench" -h 127.0.0.1 -p "$pg_port" -U postgres -n -c 1 -T "$history_s" -f "$out/history-$name.sql" -l --log-prefix="$out/pgbench-$name" portal > "$out/history-$name-db.log" 2>&1
  # pgbench's log: one line per transaction, the 3rd field its latency in µs.
  read -r db_p50 db_p99 < <(cat "$out"/pgbench-"$name"* | awk '{ print $3 / 1000 }' | sort -g | awk '{ a[NR] = $1 } END { printf "%.2fms %.2fms\n", a[int(NR * 0.5) + 1], a[int(NR * 0.99) + 1] }')
  note "RESULT history $name: API p50 $api_p50 p99 $api_p99; pgbench p50 $db_p50 p99 $db_p99"
  history_rows+=("| order history ($name), $orders orders, p50 / p99 | API $api_p50 / $api_p99 | pgbench $db_p50 / $db_p99 | $(ratio "${db_p99%ms}" "$(awk -v v="$api_p99" 'BEGIN { if (v ~ /us$/) print v / 1000; else if (v ~ /ms$/) print v + 0; else if (v ~ /s$/) print v * 1000; else print v }')") | — |")
done
# --- budget check vs the minimal app ------------------------------------------------------------------------------
# Three budgets of Acme that one check touches (its cost center CC-1010 monthly, that center's unit quarterly, the
# account yearly), each charged with the bench orders of its period as ordering would have charged them (the charges
# and the periods' totals), so that the check reads a ledger of the data set's size. Then wrk (8 connections: a check
# is one procurement system's call before an order, not a flood) against POST /api/v1/budget-checks and against the
# minimal app answering the same bytes, interleaved.
bench_log "budget check vs the minimal app ($rounds interleaved rounds)"
read -r cc_id cc_unit < <(psql_run -F ' ' -c "SELECT id, org_unit_id FROM cost_centers WHERE customer_id = '$customer' ORDER BY code LIMIT 1")
root_unit=$(psql_run -c "SELECT id FROM org_units WHERE customer_id = '$customer' AND parent_id IS NULL")
budget_create() { # scope-json period amount policy: prints the budget's id
  curl -fsS -X POST -H "Authorization: Bearer $acme_token" -H 'Content-Type: application/json' \
    -d "{\"name\":\"bench $2\",\"scope\":$1,\"period\":\"$2\",\"amount\":$3,\"currency\":\"EUR\",\"policy\":\"$4\",\"thresholds\":[80,100]}" \
    "$url/api/v1/budgets" | sed -n 's/^{"id":"\([^"]*\)".*/\1/p'
}
budget_cc=$(budget_create "{\"costCenterId\":\"$cc_id\"}" month 100000000 warn)
budget_unit=$(budget_create "{\"orgUnitId\":\"$cc_unit\"}" quarter 500000000 require-approval)
budget_account=$(budget_create "{\"orgUnitId\":\"$root_unit\"}" year 5000000000 block)
psql_run <<SQL
INSERT INTO budget_charges (id, customer_id, budget_id, order_id, period_start, amount, created_at)
SELECT gen_random_uuid(), o.customer_id, '$budget_account', o.id, date_trunc('year', o.created_at)::date, o.total, o.created_at
FROM orders AS o WHERE o.customer_id = '$customer' AND o.source = 'bench' AND o.created_at >= date_trunc('year', now());
INSERT INTO budget_charges (id, customer_id, budget_id, order_id, period_start, amount, created_at)
SELECT gen_random_uuid(), o.customer_id, '$budget_unit', o.id, date_trunc('quarter', o.created_at)::date, o.total, o.created_at
FROM orders AS o WHERE o.customer_id = '$customer' AND o.source = 'bench' AND o.org_unit_id = '$cc_unit' AND o.created_at >= date_trunc('quarter', now());
INSERT INTO budget_charges (id, customer_id, budget_id, order_id, period_start, amount, created_at)
SELECT gen_random_uuid(), o.customer_id, '$budget_cc', o.id, date_trunc('month', o.created_at)::date, sum(l.line_total), o.created_at
FROM orders AS o JOIN order_lines AS l ON l.order_id = o.id
WHERE o.customer_id = '$customer' AND o.source = 'bench' AND l.cost_center_id = '$cc_id' AND o.created_at >= date_trunc('month', now())
GROUP BY o.id;
-- The ledger keeps each period's totals where it writes a charge and where an order's status moves it (reserved,
-- released); charges written by SQL need them written too.
INSERT INTO budget_period_totals (budget_id, period_start, customer_id, charged, reserved, released)
SELECT c.budget_id, c.period_start, c.customer_id, sum(c.amount),
       coalesce(sum(c.amount) FILTER (WHERE o.status = 'pending-approval'), 0),
       coalesce(sum(c.amount) FILTER (WHERE o.status IN ('rejected', 'cancelled')), 0)
FROM budget_charges AS c JOIN orders AS o ON o.id = c.order_id
WHERE c.budget_id IN ('$budget_cc', '$budget_unit', '$budget_account') GROUP BY c.budget_id, c.period_start, c.customer_id
ON CONFLICT (budget_id, period_start) DO UPDATE SET charged = EXCLUDED.charged, reserved = EXCLUDED.reserved, released = EXCLUDED.released;
ANALYZE budget_charges;
SQL
budget_charges=$(psql_run -c "SELECT string_agg(n::text, ' / ') FROM (SELECT count(*) AS n FROM budget_charges WHERE budget_id IN ('$budget_cc', '$budget_unit', '$budget_account') GROUP BY budget_id ORDER BY count(*)) AS c")
printf '{"costCenterId":"%s","orgUnitId":"%s","amount":1250.00,"currency":"EUR"}' "$cc_id" "$cc_unit" > "$out/budget-check.json"
budget_status=$(curl -sS -o "$out/budget-answer.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $acme_token" -H 'Content-Type: application/json' \
  --data-binary "@$out/budget-check.json" "$url/api/v1/budget-checks")
note "RESULT budget check: HTTP $budget_status, charges per budget $budget_charges; answer $(head -c 160 "$out/budget-answer.json")"
minimal_start "$out/budget-answer.json" minimal-budget
budget_list=() budget_minimal_list=()
for r in $(seq 1 "$rounds"); do
  warm=0; [ "$r" -gt 1 ] || warm=$side_warmup_s
  budget_list+=("$(wrk_rps "budget-$r" "$url/api/v1/budget-checks" "$out/budget-check.json" 8 "$side_s" "$warm" "$acme_token")")
  budget_minimal_list+=("$(wrk_rps "minimal-budget-$r" "http://127.0.0.1:$minimal_port/api/v1/budget-checks" "$out/budget-check.json" 8 "$side_limit_s" "$warm")")
  note "RESULT budget round $r: budget check ${budget_list[-1]} req/s, minimal app ${budget_minimal_list[-1]} req/s"
done
minimal_stop
budget_rps=$(median_of budget_list); budget_minimal_rps=$(median_of budget_minimal_list); budget_ratio=$(median_ratio budget_list budget_minimal_list)

# --- webhook dispatch vs the receiver's own limit -----------------------------------------------------------------
# A receiver (the minimal app, answering {}) subscribed by Acme to order.submitted. Each round queues $hook_events
# copies of a real order.submitted event of the imports (new ids; the body's id rewritten to match) in one INSERT,
# as if that many orders had just committed, and times fan-out and delivery: events / (last delivery's completion -
# first delivery's creation). The receiver's limit: wrk POSTing the same body at the deliverer's parallelism (8).
bench_log "webhook dispatch vs the receiver ($rounds rounds of $hook_events events)"
printf '{}' > "$out/hook-answer.json"
minimal_start "$out/hook-answer.json" receiver
webhook_id=$(curl -fsS -X POST -H "Authorization: Bearer $acme_token" -H 'Content-Type: application/json' \
  -d "{\"url\":\"http://127.0.0.1:$minimal_port/hook\",\"events\":[\"order.submitted\"],\"description\":\"bench receiver\"}" \
  "$url/api/v1/webhooks" | sed -n 's/^{"id":"\([^"]*\)".*/\1/p')
template_event=$(psql_run -c "SELECT id FROM outbox_messages WHERE type = 'order.submitted' AND customer_id = '$customer' ORDER BY occurred_at DESC LIMIT 1")
psql_run -c "SELECT body FROM outbox_messages WHERE id = '$template_event'" > "$out/hook-body.json"
hook_list=() receiver_list=()
for r in $(seq 1 "$rounds"); do
  round_start=$(psql_run -c "SELECT now()")
  psql_run -c "INSERT INTO outbox_messages (id, type, customer_id, occurred_at, body)
    SELECT n.id, m.type, m.customer_id, now(), replace(m.body, 'evt_' || replace(m.id::text, '-', ''), 'evt_' || replace(n.id::text, '-', ''))
    FROM outbox_messages AS m CROSS JOIN LATERAL (SELECT gen_random_uuid() AS id FROM generate_series(1, $hook_events)) AS n
    WHERE m.id = '$template_event'"
  for _ in $(seq 1 1200); do
    done_count=$(psql_run -c "SELECT count(*) FROM webhook_deliveries WHERE webhook_id = '$webhook_id' AND created_at >= '$round_start' AND status <> 'pending'")
    [ "$done_count" -lt "$hook_events" ] || break
    sleep 0.25
  done
  read -r hook_ok hook_rate < <(psql_run -F ' ' -c "SELECT count(*) FILTER (WHERE status = 'succeeded'),
      round((count(*) / greatest(extract(epoch FROM max(completed_at) - min(created_at)), 0.001))::numeric, 1)
    FROM webhook_deliveries WHERE webhook_id = '$webhook_id' AND created_at >= '$round_start'")
  hook_list+=("$hook_rate")
  warm=0; [ "$r" -gt 1 ] || warm=$side_warmup_s
  receiver_list+=("$(wrk_rps "receiver-$r" "http://127.0.0.1:$minimal_port/hook" "$out/hook-body.json" 8 "$side_limit_s" "$warm")")
  note "RESULT webhook round $r: $hook_ok of $hook_events delivered, $hook_rate deliveries/s; the receiver alone ${receiver_list[-1]} req/s"
done
minimal_stop
hook_rps=$(median_of hook_list); receiver_rps=$(median_of receiver_list); hook_ratio=$(median_ratio hook_list receiver_list)

kill "$rss_pid" 2>/dev/null || true; rss_pid=""
overall_rss=$(rss_peak 0)

# --- the table ------------------------------------------------------------------------------------------------------
table="$out/table.md"
{
  echo "| path | Portal | limit | ratio | target |"
  echo "| --- | --- | --- | --- | --- |"
  echo "| price calculation, 50-line warm cart, wrk 2×32 (median of $rounds) | $price_rps req/s | minimal ASP.NET Core app $minimal_rps req/s | **$price_ratio** | ≥ 0.3 |"
  echo "| price, warm, open loop 500 req/s, p50 / p99 | $warm_p50 / $warm_p99 ms | minimal ASP.NET Core app $minimal_p50 / $minimal_p99 ms | $(ratio "$minimal_p99" "$warm_p99") | p99 ≤ 5 ms |"
  echo "| price, cold, open loop 50 req/s, p50 / p99 | $cold_p50 / $cold_p99 ms | — | — | 1 round trip |"
  echo "| CSV order import, $csv_rows rows (median of $rounds, after a first import) | $csv_api rows/s | psql \\copy $csv_copy rows/s | **$csv_ratio** | ≥ 0.1 |"
  echo "| CSV order import, the process's first import | $csv_first_api rows/s | psql \\copy $csv_first_copy rows/s | $(ratio "$csv_first_api" "$csv_first_copy") | — |"
  echo "| cXML OrderRequest parse (50 lines, median of $rounds) | $cxml_reader docs/s | bare XmlReader $cxml_bare docs/s | **$cxml_ratio** | ≥ 0.5 |"
  echo "| cXML OrderRequest end to end (20 lines, 4 in parallel) | $cxml_orders_s orders/s | — | — | — |"
  printf '%s\n' "${history_rows[@]}"
  echo "| budget check, 3 budgets (charges $budget_charges), wrk 2×8 (median of $rounds) | $budget_rps req/s | minimal ASP.NET Core app $budget_minimal_rps req/s | $budget_ratio | — |"
  echo "| webhook dispatch, order.submitted, $hook_events events per round (median of $rounds) | $hook_rps deliveries/s | the receiver alone, wrk 2×8: $receiver_rps req/s | $hook_ratio | — |"
  echo "| API peak RSS: price load / CSV import / whole run | $price_rss / $csv_rss / $overall_rss MB | — | — | ≤ 250 MB |"
} > "$table"
echo; cat "$table" | tee -a "$summary"

# --- smoke: ratios against the last recorded figures ---------------------------------------------------------------
if [ "$mode" = smoke ]; then
  baseline="$root/bench/smoke-baseline.txt"
  current="price_ratio=$price_ratio csv_ratio=$csv_ratio cxml_ratio=$cxml_ratio"
  if [ -n "$record" ] || [ ! -f "$baseline" ]; then
    echo "$current" > "$baseline"; note "recorded $baseline: $current"; exit 0
  fi
  failed=0
  for pair in $current; do
    key=${pair%%=*} now=${pair#*=}
    before=$(tr ' ' '\n' < "$baseline" | sed -n "s/^$key=//p")
    verdict=$(awk -v n="$now" -v b="$before" 'BEGIN { if (n == "n/a" || b == "") print "unknown"; else if (n < 0.8 * b) print "DROPPED"; else print "ok" }')
    note "smoke $key: $now (recorded $before) $verdict"
    [ "$verdict" != DROPPED ] || failed=1
  done
  exit "$failed"
fi

# --- docs/performance.md -------------------------------------------------------------------------------------------
doc="$root/docs/performance.md"
if grep -q '<!-- bench/run.sh:begin -->' "$doc"; then
  {
    echo "<!-- bench/run.sh:begin -->"
    echo "Generated by \`bench/run.sh --$mode\` on $(date -u +%Y-%m-%d) ($revision; $products products, $accounts accounts,"
    echo "$conditions conditions, $orders orders; $(nproc) shared cores — the load generators run on the same cores)."
    echo
    cat "$table"
    echo "<!-- bench/run.sh:end -->"
  } > "$out/section.md"
  awk -v section="$out/section.md" '
    /<!-- bench\/run.sh:begin -->/ { while ((getline line < section) > 0) print line; skip = 1; next }
    /<!-- bench\/run.sh:end -->/ { skip = 0; next }
    !skip { print }' "$doc" > "$out/performance.md" && cp "$out/performance.md" "$doc"
  note "docs/performance.md updated"
fi
bench_log "done in $(( $(date +%s) - started )) s: $summary"
