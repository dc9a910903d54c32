#!/usr/bin/env bash
# Performance figures of the price engine, in one command (bench/README.md):
#   1. installs what is missing (wrk, PostgreSQL, Redis, curl) with apt-get;
#   2. builds the API and the two bench projects in Release;
#   3. starts a throwaway PostgreSQL and Redis on free loopback ports and the API (Release) against them;
#   4. seeds it through its public HTTP API (bench/Portal.Load seed);
#   5. open-loop constant-rate load of POST /api/v1/price-calculations: warm, then cold at each rate;
#   6. closed-loop throughput with wrk: the price endpoint (one warm 50-line cart) versus POST /bench/bare
#      answering the same response bytes (without, then with the price call's Authorization and
#      Portal-Customer headers, which shows what authentication and the caller lookup cost);
#   7. stops everything it started, then runs the BenchmarkDotNet micro-benchmarks (bench/Portal.Benchmarks).
# Sizes, rates and durations come from PORTAL_BENCH_* variables (defaults: the full 100k/5k/1M data set).
# Traffic goes to 127.0.0.1 only; every phase is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

products=${PORTAL_BENCH_PRODUCTS:-100000}
accounts=${PORTAL_BENCH_ACCOUNTS:-5000}
conditions=${PORTAL_BENCH_CONDITIONS:-1000000}
duration=${PORTAL_BENCH_DURATION:-30}
warm_rates=${PORTAL_BENCH_WARM_RATES:-250 500}
cold_rates=${PORTAL_BENCH_COLD_RATES:-10 25 50}
wrk_connections=${PORTAL_BENCH_WRK_CONNECTIONS:-32}
wrk_threads=${PORTAL_BENCH_WRK_THREADS:-2}
seed_parallel=${PORTAL_BENCH_SEED_PARALLEL:-2}
seed_timeout=${PORTAL_BENCH_SEED_TIMEOUT:-10800}
bdn_job=${PORTAL_BENCH_BDN_JOB:-short}
bdn_filter=${PORTAL_BENCH_BDN_FILTER:-*}
out=${PORTAL_BENCH_OUT:-$root/bench/load/out/$(date +%Y%m%d-%H%M%S)}

log() { printf '\n==> [%s] %s\n' "$(date +%H:%M:%S)" "$*"; }
started=$(date +%s)
mkdir -p "$out"
out=$(cd "$out" && pwd)
summary="$out/summary.txt"
: > "$summary"
note() { printf '%s\n' "$*" | tee -a "$summary"; }

source "$root/bench/lib.sh"
bench_prerequisites
bench_build
dotnet build bench/Portal.Load -c Release -nologo -clp:ErrorsOnly
dotnet build bench/Portal.Benchmarks -c Release -nologo -clp:ErrorsOnly -p:OpenApiGenerateDocumentsOnBuild=false -p:CI=true
load=(dotnet "$root/bench/Portal.Load/bin/Release/net10.0/Portal.Load.dll")
cleanup() { bench_cleanup; }
bench_start_servers "$out" false

export PORTAL_BENCH_URL=$url PORTAL_BENCH_CLIENT_ID=$client_id PORTAL_BENCH_CLIENT_SECRET=$client_secret PORTAL_BENCH_DIR=$out/data

note "Portal price-engine benchmark — $(date -u +%Y-%m-%dT%H:%M:%SZ) — $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
revision="not a git checkout"
if git rev-parse --git-dir >/dev/null 2>&1; then
  revision="commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo ' + uncommitted changes in src/')"
fi
note "$revision; data: $products products, $accounts accounts, $conditions conditions"

# --- 4. seed -------------------------------------------------------------------------------------------
log "seeding through the HTTP API"
timeout "$seed_timeout" "${load[@]}" seed --products "$products" --accounts "$accounts" --conditions "$conditions" \
  --parallel "$seed_parallel" | tee "$out/seed.log"
grep '^RESULT' "$out/seed.log" >> "$summary"
# What autovacuum does soon after a bulk load: statistics and the visibility map (index-only scans).
"$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d portal -qAt -c "VACUUM (ANALYZE) price_conditions" -c "VACUUM (ANALYZE) products"

# --- 5. open-loop constant-rate runs -------------------------------------------------------------------
run_phase() {
  local name=$1; shift
  log "$name"
  set +e
  timeout $((duration + 600)) "${load[@]}" run --duration "$duration" "$@" | tee "$out/$name.log"
  set -e
  grep '^RESULT' "$out/$name.log" >> "$summary" || note "RESULT $name: no result (see $out/$name.log)"
}
# An unreported warm-up at the first warm rate: the server's JIT settles before anything is measured.
log "warm-up (not reported)"
timeout 300 "${load[@]}" run --duration 15 --mode warm --rate "${warm_rates%% *}" > "$out/warm-up.log" || true
for rate in $warm_rates; do
  run_phase "warm-$rate" --mode warm --rate "$rate"
done
for rate in $cold_rates; do
  run_phase "cold-$rate" --mode cold --rate "$rate"
done

# --- 6. wrk: price endpoint versus the bare endpoint ----------------------------------------------------
log "wrk: POST /api/v1/price-calculations (one warm 50-line cart) versus POST /bench/bare (same answer bytes)"
"${load[@]}" sample --out "$out/sample" | tee -a "$summary"
curl -fsS -X PUT --data-binary "@$out/sample/response.json" -H 'Content-Type: application/json' "$url/bench/bare"
token=$(cat "$out/sample/token.txt")
account=$(cat "$out/sample/account.txt")
wrk_run() {
  local name=$1 path=$2; shift 2
  # An unreported warm-up (long enough for the JIT's tiering to settle on each endpoint), then the measured run.
  timeout 60 wrk -t "$wrk_threads" -c "$wrk_connections" -d 10s -s bench/load/post.lua "$url$path" -- "$out/sample/cart.json" "$@" >/dev/null
  timeout $((duration + 60)) wrk -t "$wrk_threads" -c "$wrk_connections" -d "${duration}s" --timeout 10s --latency \
    -s bench/load/post.lua "$url$path" -- "$out/sample/cart.json" "$@" | tee "$out/wrk-$name.log"
}
wrk_run price /api/v1/price-calculations "$token" "$account"
wrk_run bare /bench/bare
wrk_run bare-auth /bench/bare "$token" "$account"
rps() { awk '/^Requests\/sec:/ {print $2}' "$1"; }
non2xx() { awk '/Non-2xx or 3xx responses:/ {n = $5} END {print n + 0}' "$1"; }
price_rps=$(rps "$out/wrk-price.log")
bare_rps=$(rps "$out/wrk-bare.log")
bare_auth_rps=$(rps "$out/wrk-bare-auth.log")
ratio=$(awk -v p="$price_rps" -v b="$bare_rps" 'BEGIN { if (b > 0) printf "%.3f", p / b; else print "n/a" }')
note "RESULT wrk threads=$wrk_threads connections=$wrk_connections duration_s=$duration price_rps=$price_rps bare_rps=$bare_rps price_over_bare=$ratio bare_with_auth_headers_rps=$bare_auth_rps non2xx_price=$(non2xx "$out/wrk-price.log")/bare=$(non2xx "$out/wrk-bare.log")/bare_auth=$(non2xx "$out/wrk-bare-auth.log")"

# --- 7. stop the servers, then the micro-benchmarks ------------------------------------------------------
log "stopping the API, Redis and PostgreSQL"
cleanup
log "BenchmarkDotNet (job: $bdn_job, in-process)"
set +e
timeout 3600 dotnet bench/Portal.Benchmarks/bin/Release/net10.0/Portal.Benchmarks.dll --filter "$bdn_filter" --job "$bdn_job" \
  --inProcess --artifacts "$out/bdn" > "$out/bdn.log" 2>&1
bdn_status=$?
set -e
if ls "$out"/bdn/results/*-report-github.md >/dev/null 2>&1; then
  for report in "$out"/bdn/results/*-report-github.md; do
    # The GitHub-flavoured report, minus its HTML entities and bold markers, for the terminal.
    { echo; sed -e "s/&#39;/'/g" -e 's/\*\*//g' -e '/^```/d' "$report"; } | tee -a "$summary"
  done
else
  note "BenchmarkDotNet produced no report (exit $bdn_status); see $out/bdn.log"
fi

log "summary ($summary), $(( $(date +%s) - started )) s in all"
cat "$summary"
