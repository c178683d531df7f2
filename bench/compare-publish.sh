#!/usr/bin/env bash
# Publish latency during a fan-out, and a just-started server beside a warmed one (docs/benchmarks.md, "Publish
# latency and warm-up"). ROUNDS rounds (default 3) of Payara Micro and WildFly, the order flipped each round; each
# server block holds the IT lock (/tmp/tidings-it.lock) from start to stop, as every bench run on this machine must.
# Per server and round: a just-started server, fresh=true at 5,000 x 50/s (a fresh and a warm row), then warm rows
# at 10,000 x 50/s and 1,000 x 50/s; then another just-started server, fresh=true at 1,000 x 50/s.
# Rows go to bench/results/publish-latency.csv (a "# round N" line before each later round's), copied to
# docs/bench/publish-latency.csv. Usage: [ROUNDS=3] [SERVERS="payara wildfly"] bench/compare-publish.sh
# SERVERS may also name wildfly-internal: WildFly with its listener for publishers (tidings.internal.enabled=true),
# the subscribers on its public port, the publications on that listener's.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
results=bench/results/publish-latency.csv
mkdir -p bench/results docs/bench
rm -f "$results"
key=bench-key
props="-Dtidings.api.key=$key -Dtidings.jwt.secret=bench-secret-of-at-least-32-bytes!! \
 -Dtidings.limits.connections=50000 -Dtidings.limits.connections.per.address.per.minute=100000000 \
 -Dtidings.limits.connections.per.user=100000 -Dtidings.origins=*"
[ -f target/tidings.war ] && [ -f target/payara-micro.jar ] && [ -d target/server ] \
  || mvn -B -q -ntp verify -DskipTests
bench/run.sh scenario=none 2>/dev/null || true # builds the load generator
wait_ready() { for _ in $(seq 1 240); do curl -sf "$1/health/ready" >/dev/null && return 0; sleep 0.5; done; echo "not ready: $1" >&2; return 1; }

start() { # server-name: starts it, sets url (the subscribers'), api (the publications') and pid
  local internal=""
  [ "$1" = wildfly-internal ] && internal="-Dtidings.internal.enabled=true"
  if [ "$1" = payara ]; then
    java -Xmx4g $props -jar target/payara-micro.jar --deploy target/tidings.war --contextroot / --port 9080 \
      --nohazelcast --disablephonehome --prebootcommandfile server-config/payara/pre-boot-commands.asadmin \
      > bench/results/payara-publish.log 2>&1 &
    pid=$! url=http://127.0.0.1:9080 api=http://127.0.0.1:9080
    wait_ready "$url"
  else
    rm -rf /tmp/tidings-bench-wildfly-publish && cp -r target/server /tmp/tidings-bench-wildfly-publish
    cp target/tidings.war /tmp/tidings-bench-wildfly-publish/standalone/deployments/ROOT.war
    JAVA_OPTS="-Xmx4g -Djava.net.preferIPv4Stack=true" /tmp/tidings-bench-wildfly-publish/bin/standalone.sh \
      -Djboss.socket.binding.port-offset=1001 $props $internal > bench/results/wildfly-publish.log 2>&1 &
    url=http://127.0.0.1:9081 api=http://127.0.0.1:9081
    [ -n "$internal" ] && api=http://127.0.0.1:9082
    wait_ready "$url" && wait_ready "$api"
    pid=$(pgrep -f 'tidings-bench-wildfly-publish.*jboss-modules' | head -1)
  fi
}
stop() { kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.5; done; }
fanout() { # server-name subscribers extra-arguments...
  local name=$1 n=$2; shift 2
  bench/run.sh scenario=fanout server="$name" url="$api" nodes="$url" pid="$pid" key=$key subscribers="$n" rate=50 seconds=10 \
    out="$results" "$@" | tail -n +2
}
block() { # server-name
  exec 9>/tmp/tidings-it.lock; flock 9
  start "$1"; fanout "$1" 5000 fresh=true; fanout "$1" 10000; fanout "$1" 1000; stop
  start "$1"; fanout "$1" 1000 fresh=true; stop
  flock -u 9
}

servers="${SERVERS:-payara wildfly}"
for round in $(seq 1 "${ROUNDS:-3}"); do
  [ "$round" = 1 ] || echo "# round $round" >> "$results"
  order=$servers; [ $((round % 2)) = 0 ] && order=$(echo "$servers" | tr ' ' '\n' | tac | tr '\n' ' ')
  for s in $order; do block "$s"; done
done
cp "$results" docs/bench/publish-latency.csv
echo "results: $results"
