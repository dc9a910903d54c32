#!/usr/bin/env bash
# Contract tests used by test.sh: every pact in tests/Contracts/pacts is verified against a running API
# (embedded SQLite, demo data, provider states switched on) with the standalone `pact verifier` from the
# npm package @pact-foundation/pact-cli (pinned by tests/Contracts/package-lock.json).
# Usage: SMOKE_DIR=<dir> scripts/contracts.sh install|start|verify <pact.json>|broken|stop   (after a Release build)
set -euo pipefail
cd "$(dirname "$0")/.."
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

verify() {
  local pact_file=$1 report=$2 port token
  port=$(cat "$dir/port")
  token=$(token_for "$pact_file")
  [ -n "$token" ] || { echo "no token for $pact_file"; return 1; }
  "$pact" verifier --file "$pact_file" --hostname 127.0.0.1 --port "$port" --provider-name portal-api \
    --state-change-url "http://127.0.0.1:$port/_test/provider-states" \
    --header "Authorization=Bearer $token" --no-colour > "$report" 2>&1
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
    port=$((20000 + RANDOM % 20000))
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
  stop)
    if [ -f "$dir/pid" ]; then
      pkill -P "$(cat "$dir/pid")" 2>/dev/null || true
      kill "$(cat "$dir/pid")" 2>/dev/null || true
    fi
    ;;
  *) echo "usage: $0 install|start|verify <pact.json>|broken|stop" >&2; exit 2 ;;
esac
