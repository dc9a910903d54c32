#!/usr/bin/env bash
# End-to-end smoke run used by test.sh: the API as the README runs it (embedded SQLite, demo data, no
# configuration) on a free port, then the QuickStart sample against it over real HTTP.
# Usage: SMOKE_DIR=<dir> scripts/smoke.sh start|quickstart|punchout|csvupload|erpsync|webhooks|pack|packed-sdk|stop   (after a Release build)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/free-port.sh
dir=${SMOKE_DIR:?SMOKE_DIR must name a scratch directory}

case "${1:-}" in
  start)
    port=$(free_port)
    echo "$port" > "$dir/port"
    # Private networks allowed and plain HTTP accepted for outbound calls: the WebhookReceiver sample listens on loopback.
    Portal__Embedded__DatabasePath="$dir/portal.db" ASPNETCORE_ENVIRONMENT=Production \
      Portal__Outbound__AllowPrivateNetworks=true Portal__Outbound__RequireHttps=false \
      nohup dotnet run --project src/Api -c Release --no-build --no-launch-profile --urls "http://127.0.0.1:$port" \
      > "$dir/api.log" 2>&1 &
    echo $! > "$dir/pid"
    for _ in $(seq 1 120); do
      if curl -fsS "http://127.0.0.1:$port/health/ready" > "$dir/ready.json" 2>/dev/null; then
        grep -q '"Healthy"' "$dir/ready.json" || { cat "$dir/ready.json"; exit 1; }
        token=$(curl -fsS -u portal-demo:portal-demo-secret -d grant_type=client_credentials "http://127.0.0.1:$port/connect/token" \
          | sed -n 's/.*"access_token": *"\([^"]*\)".*/\1/p')
        [ -n "$token" ] || { echo "no token"; exit 1; }
        count=$(curl -fsS -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/categories" | grep -o '"productCount":[0-9]*' | awk -F: '{ s += $2 } END { print s + 0 }')
        echo "demo catalog: $count products"
        [ "${count:-0}" -ge 200 ]
        exit $?
      fi
      sleep 1
    done
    echo "The API did not become ready:"; tail -n 40 "$dir/api.log"; exit 1
    ;;
  quickstart)
    port=$(cat "$dir/port")
    dotnet run --project samples/QuickStart -c Release --no-build -- --base-url "http://127.0.0.1:$port"
    ;;
  punchout)
    # The buyer simulator plays a procurement system against the demo account's punchout set-up:
    # setup request, the catalog forms (--auto), the cart back on its return URL, the OrderRequest twice.
    port=$(cat "$dir/port")
    dotnet run --project samples/PunchoutBuyerSimulator -c Release --no-build -- \
      --portal "http://127.0.0.1:$port" --auto "FAS-1001=12,TOL-1001=1" --order
    ;;
  csvupload)
    port=$(cat "$dir/port")
    out=$(dotnet run --project samples/CsvUpload -c Release --no-build -- --base-url "http://127.0.0.1:$port")
    echo "$out"
    grep -q "unknown-sku" <<<"$out" && grep -q "order SO-" <<<"$out"
    ;;
  erpsync)
    port=$(cat "$dir/port")
    out=$(dotnet run --project samples/ErpSync -c Release --no-build -- --base-url "http://127.0.0.1:$port")
    echo "$out"
    grep -q "Price conditions:" <<<"$out" && grep -q "Order feed: [1-9]" <<<"$out"
    ;;
  webhooks)
    # Acme's administrator subscribes the WebhookReceiver sample to order.submitted; an order by Acme's buyer
    # must reach it and be printed as a verified order.submitted (signature checked with the SDK's verifier).
    port=$(cat "$dir/port")
    base="http://127.0.0.1:$port"
    receiver_port=$(free_port)
    token() { curl -fsS -u "$1" -d grant_type=client_credentials "$base/connect/token" | sed -n 's/.*"access_token": *"\([^"]*\)".*/\1/p'; }
    admin=$(token acme-admin:acme-admin-secret)
    buyer=$(token acme-buyer:acme-buyer-secret)
    created=$(curl -fsS -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
      -d "{\"url\":\"http://127.0.0.1:$receiver_port/webhooks/portal\",\"events\":[\"order.submitted\"],\"description\":\"smoke\"}" \
      "$base/api/v1/webhooks")
    secret=$(sed -n 's/.*"secret": *"\([^"]*\)".*/\1/p' <<<"$created")
    [ -n "$secret" ] || { echo "no webhook secret: $created"; exit 1; }
    nohup dotnet run --project samples/WebhookReceiver -c Release --no-build -- --urls "http://127.0.0.1:$receiver_port" --secret "$secret" \
      > "$dir/receiver.log" 2>&1 &
    echo $! > "$dir/receiver.pid"
    stop_receiver() { pkill -P "$(cat "$dir/receiver.pid")" 2>/dev/null || true; kill "$(cat "$dir/receiver.pid")" 2>/dev/null || true; }
    trap stop_receiver EXIT
    for _ in $(seq 1 60); do grep -q "Listening on" "$dir/receiver.log" && break; sleep 0.5; done
    grep -q "Listening on" "$dir/receiver.log" || { echo "The receiver did not start:"; cat "$dir/receiver.log"; exit 1; }
    order=$(curl -fsS -H "Authorization: Bearer $buyer" -H 'Content-Type: application/json' -H "Idempotency-Key: smoke-webhooks-$RANDOM$RANDOM" \
      -d '{"customerReference":"smoke-webhooks","lines":[{"sku":"FAS-1001","quantity":3}]}' "$base/api/v1/orders")
    number=$(sed -n 's/.*"number": *"\([^"]*\)".*/\1/p' <<<"$order")
    [ -n "$number" ] || { echo "no order: $order"; exit 1; }
    for _ in $(seq 1 60); do
      if grep -q "verified order.submitted .*order $number" "$dir/receiver.log"; then
        grep "verified order.submitted" "$dir/receiver.log"
        ! grep -q "^rejected" "$dir/receiver.log"
        exit $?
      fi
      sleep 0.5
    done
    echo "The receiver did not print a verified order.submitted for $number:"; cat "$dir/receiver.log"; exit 1
    ;;
  packed-sdk)
    # A new console project that knows nothing of this repository: it references only the packed
    # Portal.Client from the pack output folder (and nuget.org for its dependencies).
    port=$(cat "$dir/port")
    package=$(ls "$dir"/pkg/Portal.Client.*.nupkg | grep -v snupkg | head -n 1)
    version=$(basename "$package" .nupkg | sed 's/^Portal\.Client\.//')
    consumer="$dir/consumer"
    rm -rf "$consumer" && mkdir -p "$consumer"
    cat > "$consumer/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$dir/pkg" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="local"><package pattern="Portal.Client" /></packageSource>
    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
  </packageSourceMapping>
  <config><add key="globalPackagesFolder" value="$dir/consumer-packages" /></config>
</configuration>
XML
    cat > "$consumer/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Portal.Client" Version="$version" />
  </ItemGroup>
</Project>
XML
    cp scripts/packed-sdk-consumer.cs "$consumer/Program.cs"
    (cd "$consumer" && dotnet run -c Release -- "http://127.0.0.1:$port")
    ;;
  pack)
    dotnet pack sdk/csharp/Portal.Client.csproj -c Release --no-build -o "$dir/pkg" >/dev/null
    package=$(ls "$dir"/pkg/Portal.Client.*.nupkg | grep -v snupkg | head -n 1)
    contents=$(unzip -l "$package" 2>/dev/null || python3 -c "import zipfile,sys; print('\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))" "$package")
    for expected in README.md lib/netstandard2.0/Portal.Client.dll lib/netstandard2.0/Portal.Client.xml lib/net8.0/Portal.Client.dll lib/net8.0/Portal.Client.xml; do
      grep -q "$expected" <<<"$contents" || { echo "$package lacks $expected"; exit 1; }
    done
    echo "packed $(basename "$package")"
    ;;
  stop)
    if [ -f "$dir/pid" ]; then
      pkill -P "$(cat "$dir/pid")" 2>/dev/null || true
      kill "$(cat "$dir/pid")" 2>/dev/null || true
    fi
    ;;
  *) echo "usage: $0 start|quickstart|punchout|csvupload|erpsync|webhooks|pack|packed-sdk|stop" >&2; exit 2 ;;
esac
