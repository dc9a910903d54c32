# shellcheck shell=bash
# free_port: prints a loopback port nobody listens on, below the kernel's ephemeral range (ip_local_port_range,
# 32768-60999 by default). A port in that range can be the local end of an outgoing connection (a test's database
# connection, a sample's HTTP call), which the connect test does not see and which makes the API's bind fail with
# "address already in use". Sourced by scripts/smoke.sh, scripts/contracts.sh and bench/lib.sh (so bench/run.sh too).
free_port() {
  local p low
  low=$(awk '{ print $1 }' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  [ "$low" -gt 12000 ] || low=32768
  for _ in $(seq 1 200); do
    p=$((10000 + RANDOM % (low - 10000)))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  echo "no free port found" >&2; return 1
}
