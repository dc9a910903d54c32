#!/usr/bin/env bash
# Shared steps of the bench scripts (sourced): prerequisites, the Release build, and a throwaway
# PostgreSQL + Redis + API on free loopback ports, all stopped on exit.
# After bench_start_servers: $pg_bin $pg_port $redis_port $url $client_id $client_secret.

bench_log() { printf '\n==> [%s] %s\n' "$(date +%H:%M:%S)" "$*"; }

bench_prerequisites() {
  local missing=() sudo_cmd=""
  command -v wrk >/dev/null || missing+=(wrk)
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v curl >/dev/null || missing+=(curl ca-certificates)
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  if [ ${#missing[@]} -gt 0 ]; then
    bench_log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $sudo_cmd apt-get update -qq
    # policy-rc.d keeps the packages' own services from starting: the scripts start their own servers.
    local policy_added=""
    if [ -z "$sudo_cmd" ] && [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && policy_added=1
    fi
    $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    [ -z "$policy_added" ] || rm -f /usr/sbin/policy-rc.d
  fi
  command -v dotnet >/dev/null || { echo "The .NET SDK 10 is required (dotnet not on PATH)." >&2; exit 2; }
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
}

# The API as it is deployed (README, "To deploy"): published for linux-x64 with ReadyToRun images, so a process
# starts with precompiled code instead of paying the JIT for every path it takes the first time.
bench_app_dir="${PORTAL_BENCH_APP_DIR:-$(pwd)/bench/out/api}"
bench_build() {
  bench_log "building the API (Release, published with ReadyToRun)"
  # The API's build would otherwise regenerate openapi/portal-v1.json; a benchmark leaves the tree alone.
  dotnet publish src/Api -c Release -r linux-x64 --self-contained false -o "$bench_app_dir" \
    -nologo -clp:ErrorsOnly -p:OpenApiGenerateDocumentsOnBuild=false -p:CI=true
}

api_pid="" pg_dir="" pg_ctl="" redis_pidfile="" run_as=()
bench_cleanup() {
  set +e
  if [ -n "$api_pid" ]; then
    kill -TERM -- "-$api_pid" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$api_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$api_pid" 2>/dev/null
    api_pid=""
  fi
  if [ -n "$redis_pidfile" ] && [ -f "$redis_pidfile" ]; then
    kill "$(cat "$redis_pidfile")" 2>/dev/null
    redis_pidfile=""
  fi
  if [ -n "$pg_dir" ]; then
    "${run_as[@]}" "$pg_ctl" -D "$pg_dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1
    rm -rf "$pg_dir"
    pg_dir=""
  fi
}

# shellcheck source=../scripts/free-port.sh
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/free-port.sh"

# bench_start_servers OUT_DIR SEED_DEMO_DATA
bench_start_servers() {
  local out=$1 seed_demo=${2:-false}
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
  bench_log "starting PostgreSQL and Redis"
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  pg_ctl="$pg_bin/pg_ctl"
  pg_dir=$(mktemp -d /tmp/portal-bench-pg-XXXXXX)
  if [ "$(id -u)" -eq 0 ]; then
    # PostgreSQL refuses to run as root: the cluster belongs to the postgres system user.
    run_as=(runuser -u postgres --)
    chown postgres "$pg_dir"
  fi
  chmod 700 "$pg_dir"
  pg_port=$(free_port)
  "${run_as[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth-local=trust --auth-host=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$out/initdb.log" 2>&1
  # Durability off, as in the tests: a throwaway server; it flatters writes, hardly reads.
  "${run_as[@]}" "$pg_ctl" -D "$pg_dir/data" -w -t 60 -l "$pg_dir/server.log" \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=512MB -c max_wal_size=4GB" \
    start >/dev/null
  "${run_as[@]}" "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres portal

  redis_port=$(free_port)
  redis_pidfile="$pg_dir/redis.pid"
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --pidfile "$redis_pidfile" --logfile "$out/redis.log" --dir "$pg_dir"
  for _ in $(seq 1 100); do redis-cli -p "$redis_port" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done

  local api_port
  api_port=$(free_port)
  url="http://127.0.0.1:$api_port"
  client_id=bench-admin
  client_secret=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  bench_log "starting the API (Release) on $url"
  ConnectionStrings__Portal="Host=127.0.0.1;Port=$pg_port;Database=portal;Username=postgres;Maximum Pool Size=100;Max Auto Prepare=64" \
  Redis__Configuration="127.0.0.1:$redis_port" \
  Portal__Bootstrap__ClientId=$client_id Portal__Bootstrap__ClientSecret=$client_secret \
  Portal__RateLimit__PermitPerMinute=100000000 \
  Portal__Benchmark__BareEndpoint=true \
  Portal__Outbound__AllowPrivateNetworks=true Portal__Outbound__RequireHttps=false \
  Portal__SeedDemoData=$seed_demo \
  ASPNETCORE_ENVIRONMENT=Production \
    setsid bash -c 'cd "$1" && exec dotnet Portal.Api.dll --urls "$2"' _ "$bench_app_dir" "$url" >"$out/api.log" 2>&1 &
  api_pid=$!
  local ready=""
  for _ in $(seq 1 180); do
    if curl -fsS "$url/health/ready" >/dev/null 2>&1; then ready=1; break; fi
    kill -0 "$api_pid" 2>/dev/null || break
    sleep 1
  done
  [ -n "$ready" ] || { echo "The API did not become ready:"; tail -n 40 "$out/api.log"; exit 1; }
}

# After bench_start_servers: psql against the throwaway database, and the median of numbers on stdin.
psql_run() { "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -d portal -v ON_ERROR_STOP=1 -qAt "$@"; }
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "n/a"; else print a[int((NR + 1) / 2)] }'; }

# The CSV order import against psql \copy (bench/run.sh, bench/csv-import.sh). bench_csv_prepare OUT_DIR sets
# $acme_token (Acme's administrator, its secret rotated through the bootstrap client), writes OUT_DIR/demo-skus.txt
# and creates the \copy target table of the file's shape.
bench_csv_prepare() {
  local out=$1 customer admin_token acme_admin acme_secret
  customer=$(psql_run -c "SELECT id FROM customers WHERE number = 'C-10001'")
  admin_token=$(curl -fsS -u "$client_id:$client_secret" -d grant_type=client_credentials "$url/connect/token" | sed -n 's/.*"access_token": *"\([^"]*\)".*/\1/p')
  acme_admin=$(psql_run -c "SELECT id FROM api_clients WHERE client_id = 'acme-admin'")
  acme_secret=$(curl -fsS -X POST -H "Authorization: Bearer $admin_token" -H "Portal-Customer: $customer" -H 'Content-Type: application/json' \
    -d '{"gracePeriodMinutes":0}' "$url/api/v1/api-clients/$acme_admin/rotate" | sed -n 's/.*"clientSecret": *"\([^"]*\)".*/\1/p')
  acme_token=$(curl -fsS -u "acme-admin:$acme_secret" -d grant_type=client_credentials "$url/connect/token" | sed -n 's/.*"access_token": *"\([^"]*\)".*/\1/p')
  psql_run -c "SELECT sku FROM products WHERE sku NOT LIKE 'BENCH-%' AND NOT regulated ORDER BY sku LIMIT 50" > "$out/demo-skus.txt" 2>/dev/null \
    || psql_run -c "SELECT sku FROM products WHERE sku NOT LIKE 'BENCH-%' ORDER BY sku LIMIT 50" > "$out/demo-skus.txt"
  psql_run -c "CREATE TABLE bench_csv_copy (customer_reference text, sku text, quantity text, note text)"
}

# bench_csv_file OUT_DIR ROUND ROWS: writes OUT_DIR/import-ROUND.csv (100 lines per order, ';'; whole quantities, as the
# demo skus are sold in boxes, pieces and packs as well as litres).
bench_csv_file() {
  awk -v rows="$3" -v r="$2" -v skus="$(paste -sd' ' "$1/demo-skus.txt")" 'BEGIN { n = split(skus, s, " ");
    print "customer_reference;sku;quantity;note";
    for (i = 0; i < rows; i++) printf "IMP-%d-%05d;%s;%d;row %d\n", r, int(i / 100), s[1 + i % n], 1 + i % 9, i }' > "$1/import-$2.csv"
}

# bench_csv_import OUT_DIR ROUND ROWS: posts the file as Acme's administrator; prints "HTTP-status rows/s seconds".
bench_csv_import() {
  local t0 t1 status
  t0=$(date +%s.%N)
  status=$(curl -sS -o "$1/import-$2.json" -w '%{http_code}' --max-time 1800 -H "Authorization: Bearer $acme_token" -H "Content-Type: text/csv" \
    -H "Idempotency-Key: bench-$2-$(date +%s%N)" --data-binary "@$1/import-$2.csv" "$url/api/v1/order-imports")
  t1=$(date +%s.%N)
  awk -v s="$status" -v n="$3" -v a="$t0" -v b="$t1" 'BEGIN { printf "%s %.0f %.2f\n", s, n / (b - a), b - a }'
}

# bench_since T0: seconds (one decimal) since T0, a `date +%s.%N` reading.
bench_since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f\n", b - a }'; }

# bench_csv_quiet: waits (up to 60 s) until the work an import leaves behind is done — its order events fanned
# out, their confirmation mails rendered and sent (logged: the bench has no SMTP host) — so that a round
# measures its own import and not the previous round's mails; prints the seconds it waited.
bench_csv_quiet() {
  local t0 left
  t0=$(date +%s.%N)
  for _ in $(seq 1 300); do
    left=$(psql_run -c "SELECT (SELECT count(*) FROM outbox_messages WHERE dispatched_at IS NULL OR mailed_at IS NULL) + (SELECT count(*) FROM mail_messages WHERE status = 'pending')")
    [ "$left" -gt 0 ] || break
    sleep 0.2
  done
  bench_since "$t0"
}

# bench_idle PID: waits (up to 8 s) until the process used at most 4 % of a core over half a second — for a
# measurement that does not involve it (the cXML parse runs in a process of its own) after a phase that left it busy
# (an import's mails, the JIT tiering up what the import ran); prints the seconds it waited.
bench_idle() {
  local t0 c0 c1
  t0=$(date +%s.%N)
  for _ in $(seq 1 16); do
    c0=$(awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null) || break
    sleep 0.5
    c1=$(awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null) || break
    [ $((c1 - c0)) -gt 2 ] || break
  done
  bench_since "$t0"
}

# bench_csv_copy OUT_DIR ROUND ROWS: psql \copy of the same file into the table of its shape, three times; prints the
# fastest one's rows/s. A \copy of 20,000 rows takes 30-100 ms, psql's start-up included, so one run's figure moves
# with the machine's jitter (417,000 to 849,000 rows/s between rounds on one machine); the limit is the fastest run.
bench_csv_copy() {
  local t0 t1 best=0 rps
  for _ in 1 2 3; do
    psql_run -c "TRUNCATE bench_csv_copy"
    t0=$(date +%s.%N)
    psql_run -c "\\copy bench_csv_copy FROM '$1/import-$2.csv' WITH (FORMAT csv, DELIMITER ';', HEADER true)"
    t1=$(date +%s.%N)
    rps=$(awk -v n="$3" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }')
    [ "$rps" -le "$best" ] || best=$rps
  done
  echo "$best"
}
