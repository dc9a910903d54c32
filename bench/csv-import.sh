#!/usr/bin/env bash
# The "CSV order import vs psql \copy" section of bench/run.sh on its own: Release build, throwaway
# PostgreSQL + Redis + API with the demo data, then N rounds (default 3) of the same file generation,
# curl timing and \copy timing (after a first import, reported apart); prints rows/s of each, the ratio and the API's peak RSS (VmHWM).
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

# This run's API (other checkouts may run theirs): bench_start_servers execs it.
app_pid=$api_pid
hwm() { awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$app_pid/status"; }
rss() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$app_pid/status"; }
# VmHWM includes start-up (demo data seeding): the import's peak is VmRSS sampled every 0.2 s while it runs.
sample_rss() { local peak=0 v; while kill -0 "$1" 2>/dev/null; do v=$(rss); [ "$v" -le "$peak" ] || peak=$v; sleep 0.2; done; echo "$peak" > "$2"; }
echo "API pid $app_pid, VmRSS before the import $(rss) MB, VmHWM so far $(hwm) MB"

bench_csv_prepare "$out"
api_list=() copy_list=()
# Round 0, the process's first import, is printed but left out of the median (bench/run.sh does the same).
for r in $(seq 0 "$rounds"); do
  bench_csv_file "$out" "$r" "$csv_rows"
  ( sleep 36000 ) & sleeper=$!
  sample_rss "$sleeper" "$out/rss-$r.txt" &
  sampler=$!
  read -r status api_rps api_s < <(bench_csv_import "$out" "$r" "$csv_rows")
  kill "$sleeper"; wait "$sampler" || true
  copy_rps=$(bench_csv_copy "$out" "$r" "$csv_rows")
  quiet=$(bench_csv_quiet)
  echo "RESULT csv round $r$([ "$r" -gt 0 ] || echo ' (first import, not in the median)'): HTTP $status, API $api_rps rows/s (${api_s} s), \\copy $copy_rps rows/s, ratio $(awk -v a="$api_rps" -v b="$copy_rps" 'BEGIN { printf "%.3f", a / b }') ($(grep -o '"rowsApplied":[0-9]*' "$out/import-$r.json" || echo 'no report')), peak VmRSS during the import $(cat "$out/rss-$r.txt") MB; mails out $quiet s later"
  [ "$r" -gt 0 ] || continue
  api_list+=("$api_rps")
  copy_list+=("$copy_rps")
done
csv_api=$(printf '%s\n' "${api_list[@]}" | median); csv_copy=$(printf '%s\n' "${copy_list[@]}" | median)
csv_ratio=$(printf '%s\n' "${api_list[@]}" | paste -d' ' - <(printf '%s\n' "${copy_list[@]}") | awk '{ printf "%.4f\n", $1 / $2 }' | median)
echo "RESULT csv median: API $csv_api rows/s, \\copy $csv_copy rows/s, ratio $csv_ratio, peak VmRSS during the imports $(cat "$out"/rss-*.txt | sort -n | tail -n 1) MB (VmHWM since start-up $(hwm) MB)"
echo "orders in the database: $(psql_run -c "SELECT count(*) FROM orders WHERE source = 'csv'"), lines: $(psql_run -c "SELECT count(*) FROM order_lines l JOIN orders o ON o.id = l.order_id WHERE o.source = 'csv'")"
