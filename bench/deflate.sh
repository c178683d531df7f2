#!/usr/bin/env bash
# permessage-deflate on and off (tidings.websocket.deflate), on Payara Micro and WildFly: order-book updates
# (book=LEVELS a side, some 2.5 KB of JSON at 50) fanned out to SUBS subscribers that offer permessage-deflate (Netty's
# client handler), server CPU per delivery and the bytes they read per delivery. A/B in alternating order, a server
# start per run; rows in docs/bench/deflate.csv (the fan-out's columns, then deflate, wire bytes per delivery and the server's RSS mid-run).
# Usage: flock /tmp/tidings-it.lock bench/deflate.sh [runs]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
runs="${1:-3}"; subs="${SUBS:-1000}"; rates="${RATES:-50}"; book="${BOOK:-50}"
out=docs/bench/deflate.csv
mkdir -p bench/results
key=bench-key
props="-Dtidings.api.key=$key -Dtidings.jwt.secret=bench-secret-of-at-least-32-bytes!! -Dtidings.limits.connections=50000 \
 -Dtidings.limits.connections.per.address.per.minute=100000000 -Dtidings.limits.connections.per.user=100000 \
 -Dtidings.origins=* -Dtidings.demo.enabled=false"
[ -f target/tidings.war ] && [ -f target/payara-micro.jar ] && [ -d target/server ] || { echo "build first (mvn package pre-integration-test)" >&2; exit 1; }
bench/run.sh scenario=none 2>/dev/null || true # builds the load generator
header="scenario,server,subscribers,rate,published,delivered_per_s,completeness,p50_ms,p99_ms,p999_ms,max_ms,gaps"
header="$header,heap_kb_per_conn,rss_kb_per_conn,conn_per_s,server_us_per_delivery,client_us_per_delivery"
[ -f "$out" ] || echo "$header,redis_us_per_publication,redis_bytes_per_channel,redis_bytes_per_kept_event,deflate,wire_bytes_per_delivery,server_rss_kb" > "$out"

wait_ready() { for _ in $(seq 1 240); do curl -sf "$1/health/ready" >/dev/null && return 0; sleep 0.5; done; echo "not ready: $1" >&2; return 1; }

measure() { # server url pid deflate
  for rate in $rates; do
    tmp=$(mktemp)
    (sleep 15; awk '/VmRSS/ {print $2}' "/proc/$3/status" > "$tmp.rss" 2>/dev/null) & # mid-window, all connected
    sampler=$!
    bench/run.sh scenario=fanout server="$1" url="$2" pid="$3" key=$key subscribers="$subs" rate="$rate" seconds=10 \
      book="$book" deflate=true out="$tmp.csv" > "$tmp" 2>&1 || { cat "$tmp" >&2; rm -f "$tmp" "$tmp.csv"; return 1; }
    wire=$(grep -o 'wire_bytes_per_delivery=[0-9.]*' "$tmp" | cut -d= -f2)
    wait "$sampler" || true
    row="$(tail -1 "$tmp.csv"),$4,$wire,$(cat "$tmp.rss" 2>/dev/null)"
    echo "$row" | tee -a "$out"
    rm -f "$tmp" "$tmp.csv" "$tmp.rss"
  done
}

payara() { # deflate
  java -Xmx4g $props -Dtidings.websocket.deflate="$1" -jar target/payara-micro.jar --deploy target/tidings.war \
    --contextroot / --port 9080 --nohazelcast --disablephonehome \
    --prebootcommandfile server-config/payara/pre-boot-commands.asadmin > bench/results/payara-deflate.log 2>&1 &
  local pid=$!
  wait_ready http://127.0.0.1:9080 && measure payara http://127.0.0.1:9080 "$pid" "$1"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

wildfly() { # deflate
  rm -rf /tmp/tidings-deflate-wildfly && cp -r target/server /tmp/tidings-deflate-wildfly
  cp target/tidings.war /tmp/tidings-deflate-wildfly/standalone/deployments/ROOT.war
  JAVA_OPTS="-Xmx4g -Djava.net.preferIPv4Stack=true" /tmp/tidings-deflate-wildfly/bin/standalone.sh \
    -Djboss.socket.binding.port-offset=1001 $props -Dtidings.websocket.deflate="$1" > bench/results/wildfly-deflate.log 2>&1 &
  wait_ready http://127.0.0.1:9081
  local pid; pid=$(pgrep -f 'tidings-deflate-wildfly.*jboss-modules' | head -1)
  measure wildfly http://127.0.0.1:9081 "$pid" "$1"
  kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.5; done
}

for i in $(seq 1 "$runs"); do
  if [ $((i % 2)) = 1 ]; then order="false true"; else order="true false"; fi
  for server in ${SERVERS:-wildfly payara}; do for d in $order; do "$server" "$d"; done; done
done
