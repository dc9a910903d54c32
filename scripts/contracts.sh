#!/usr/bin/env bash
# Contract tests used by test.sh: every pact in tests/Contracts/pacts is verified against a running API
# (embedded SQLite, demo data, provider states switched on) with the standalone `pact verifier` from the
# npm package @pact-foundation/pact-cli (pinned by tests/Contracts/package-lock.json).
# The SDK's own pact (tests/Contracts/sdk) is produced by the real SDK against `pact mock` (sdk-mock) and the
# pact the mock server writes is then verified against the API (sdk-verify).
# Usage: SMOKE_DIR=<dir> scripts/contracts.sh install|start|verify <pact.json>|broken|sdk-mock|sdk-verify|stop   (after a Release build)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/free-port.sh
root=$(pwd)
dir=${SMOKE_DIR:?SMOKE_DIR must name a scratch directory}/contracts
mkdir -p "$dir"
export PACT_DO_NOT_TRACK=true
pact="$root/tests/Contracts/node_modules/.bin/pact"

# The bearer token of the demo client a pact names in metadata.portal.demoClient (demo secrets are "<id>-secret").
token_for() {
  local pact_file=$1 port client
  port=$(cat "$dir/port")
  client=$(node -e 'const p = require(process.argv[1]); process.stdout.write((p.metadata && p.metadata.portal && p.metadata.portal.demoClient) || "portal-demo")' "$(realpath "$pact_file")")
  curl -fsS -u "$client:$client-secret" -d grant_type=client_credentials "http://127.0.0.1:$port/connect/token" \
    | sed -n 's/.*"access_token": *"\([^"]*\)".*/\1/p'
}

# verify <pact> <report> [<pact naming the demo client>] [verifier options...]
verify() {
  local pact_file=$1 report=$2 port token
  port=$(cat "$dir/port")
  token=$(token_for "${3:-$pact_file}")
  [ -n "$token" ] || { echo "no token for $pact_file"; return 1; }
  "$pact" verifier --file "$pact_file" --hostname 127.0.0.1 --port "$port" --provider-name portal-api \
    --state-change-url "http://127.0.0.1:$port/_test/provider-states" \
    --header "Authorization=Bearer $token" --no-colour "${@:4}" > "$report" 2>&1
}

case "${1:-}" in
  install)
    command -v node >/dev/null || { echo "node (20 or later) is required for the Pact CLI"; exit 1; }
    stamp=tests/Contracts/node_modules/.installed-from-lock
    if [ ! -x "$pact" ] || ! cmp -s tests/Contracts/package-lock.json "$stamp"; then
      (cd tests/Contracts && npm ci --no-audit --no-fund --loglevel=error)
      cp tests/Contracts/package-lock.json "$stamp"
    fi
    "$pact" verifier --version
    ;;
  start)
    port=$(free_port)
    echo "$port" > "$dir/port"
    Portal__Embedded__DatabasePath="$dir/portal.db" Portal__Testing__ProviderStates=true ASPNETCORE_ENVIRONMENT=Production \
      nohup dotnet run --project src/Api -c Release --no-build --no-launch-profile --urls "http://127.0.0.1:$port" \
      > "$dir/api.log" 2>&1 &
    echo $! > "$dir/pid"
    for _ in $(seq 1 120); do
      if curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1; then
        echo "contract API on port $port"
        exit 0
      fi
      sleep 1
    done
    echo "The API did not become ready:"; tail -n 40 "$dir/api.log"; exit 1
    ;;
  verify)
    pact_file=${2:?usage: $0 verify <pact.json>}
    report="$dir/$(basename "$pact_file" .json).txt"
    if verify "$pact_file" "$report"; then
      grep -c '(OK)' "$report" | xargs printf '%s checks OK\n'
    else
      echo "Verification of $pact_file FAILED; the verifier's report:"
      cat "$report"
      exit 1
    fi
    ;;
  broken)
    # A contract break must fail CI: a copy of the Coupa pact expecting a field the API does not send
    # (orderNumber instead of number) and a 200 instead of the 201 of a created order.
    broken="$dir/broken-pact.json"
    node -e '
      const fs = require("fs");
      const p = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
      const order = p.interactions.find(i => i.request.method === "POST" && i.request.path === "/api/v1/orders");
      order.response.status = 200;
      order.response.body.orderNumber = order.response.body.number;
      delete order.response.body.number;
      p.consumer.name = "broken-fixture";
      fs.writeFileSync(process.argv[2], JSON.stringify(p, null, 2));
    ' tests/Contracts/pacts/coupa-connector-portal-api.json "$broken"
    if verify "$broken" "$dir/broken.txt"; then
      echo "The broken pact passed verification: contract breaks would not fail CI."; cat "$dir/broken.txt"; exit 1
    fi
    grep -q "has status code 200 (FAILED)" "$dir/broken.txt" && grep -q "orderNumber" "$dir/broken.txt" \
      || { echo "The broken pact failed, but not for the planted breaks:"; cat "$dir/broken.txt"; exit 1; }
    echo "the broken pact fails as it should"
    ;;
  sdk-mock)
    # The SDK's calls against the Pact mock server: a master server, a mock server created from the SDK's
    # pact, tests/Contracts/SdkConsumer (Portal.Client) run against it, then `pact mock verify`, which fails
    # unless every interaction was received as the pact expects and otherwise writes the pact to $dir/sdk-pacts.
    sdk_pact=tests/Contracts/sdk/portal-client-sdk-portal-api.json
    out="$dir/sdk-pacts"; rm -rf "$out"; mkdir -p "$out"
    master=$(free_port); key="portal-$RANDOM$RANDOM"
    (cd "$dir" && nohup "$pact" mock start --port "$master" --host 127.0.0.1 --server-key "$key" --output "$out" --no-term-log \
      > "$dir/pact-mock-master.log" 2>&1 & echo $! > "$dir/pact-mock-master.pid")
    stop_master() {
      "$pact" mock shutdown-master --port "$master" --host 127.0.0.1 --server-key "$key" --no-term-log >/dev/null 2>&1 || true
      sleep 0.5; kill "$(cat "$dir/pact-mock-master.pid")" 2>/dev/null || true
    }
    for _ in $(seq 1 30); do
      "$pact" mock list --port "$master" --host 127.0.0.1 --no-term-log >/dev/null 2>&1 && break
      sleep 0.5
    done
    created=$("$pact" mock create --port "$master" --host 127.0.0.1 --file "$sdk_pact" --specification V3 --no-term-log 2>&1) \
      || { echo "pact mock create failed:"; echo "$created"; cat "$dir/pact-mock-master.log"; stop_master; exit 1; }
    mock_port=$(sed -n 's/.*started on port \([0-9]*\).*/\1/p' <<<"$created" | tail -n 1)
    [ -n "$mock_port" ] || { echo "no mock server port in: $created"; stop_master; exit 1; }
    consumer_ok=true
    dotnet run --project tests/Contracts/SdkConsumer -c Release --no-build -- "http://127.0.0.1:$mock_port/" \
      > "$dir/sdk-consumer.log" 2>&1 || consumer_ok=false
    mock_ok=true
    "$pact" mock verify --port "$master" --host 127.0.0.1 --mock-server-port "$mock_port" --no-term-log \
      > "$dir/sdk-mock.txt" 2>&1 || mock_ok=false
    "$pact" mock shutdown --port "$master" --host 127.0.0.1 --mock-server-port "$mock_port" --no-term-log >/dev/null 2>&1 || true
    stop_master
    if $consumer_ok && $mock_ok && [ -s "$out/portal-client-sdk-portal-api.json" ]; then
      cat "$dir/sdk-consumer.log"
      echo "the SDK's calls match its pact on the Pact mock server; pact written to $out"
    else
      echo "The SDK's calls do not match its pact ($sdk_pact) on the Pact mock server."
      echo "--- SdkConsumer output:"; cat "$dir/sdk-consumer.log"
      echo "--- pact mock verify:"; cat "$dir/sdk-mock.txt"
      ls "$out"
      exit 1
    fi
    ;;
  sdk-verify)
    # The pact the mock server wrote after the SDK run, verified against the API. The token request (the
    # only interaction without a provider state) is verified without the bearer token the others get.
    written="$dir/sdk-pacts/portal-client-sdk-portal-api.json"
    sdk_pact=tests/Contracts/sdk/portal-client-sdk-portal-api.json
    [ -s "$written" ] || { echo "no pact written by the Pact mock server ($written): run sdk-mock first"; exit 1; }
    port=$(cat "$dir/port")
    report="$dir/sdk-verify.txt"
    ok=true
    "$pact" verifier --file "$written" --hostname 127.0.0.1 --port "$port" --provider-name portal-api --filter-no-state \
      --no-colour > "$report" 2>&1 || ok=false
    verify "$written" "$dir/sdk-verify-api.txt" "$sdk_pact" --filter-state '.+' || ok=false
    cat "$dir/sdk-verify-api.txt" >> "$report"
    if $ok; then
      grep -c '(OK)' "$report" | xargs printf '%s checks OK\n'
    else
      echo "Verification of the SDK's pact ($written) FAILED; the verifier's report:"
      cat "$report"
      exit 1
    fi
    ;;
  stop)
    if [ -f "$dir/pid" ]; then
      pkill -P "$(cat "$dir/pid")" 2>/dev/null || true
      kill "$(cat "$dir/pid")" 2>/dev/null || true
    fi
    ;;
  *) echo "usage: $0 install|start|verify <pact.json>|broken|sdk-mock|sdk-verify|stop" >&2; exit 2 ;;
esac
