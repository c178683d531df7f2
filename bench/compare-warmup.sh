#!/usr/bin/env bash
# The start-up warm-up (tidings.warmup.publications) against none (docs/benchmarks.md, "The start-up warm-up").
# ROUNDS rounds (default 3); per round, Payara Micro and WildFly (the order flipped each round), each just started
# without and with the warm-up (the order flipped too), then measured as a just-started server is: fresh=true (a
# window before any load of the bench's own, then its 5 s warm-up and a warm window) at SUBSCRIBERS x 50/s (1000).
# The time from start to the first ready /health/ready (the warm-up included) goes to the log, one line per start.
# Every server start holds the IT lock (/tmp/tidings-it.lock), as every bench run on this machine must.
# Rows go to bench/results/warmup.csv, copied to docs/bench/warmup.csv.
# Usage: [ROUNDS=3] [SERVERS="payara wildfly"] [SUBSCRIBERS=1000] [PUBLICATIONS=20000] [CONNECTIONS=50]
#   bench/compare-warmup.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
results=bench/results/warmup.csv
mkdir -p bench/results docs/bench
rm -f "$results"
key=bench-key
publications=${PUBLICATIONS:-20000}
props="-Dtidings.api.key=$key -Dtidings.jwt.secret=bench-secret-of-at-least-32-bytes!! \
 -Dtidings.limits.connections=50000 -Dtidings.limits.connections.per.address.per.minute=100000000 \
 -Dtidings.limits.connections.per.user=100000 -Dtidings.origins=* -Dtidings.warmup.connections=${CONNECTIONS:-50}"
[ -f target/tidings.war ] && [ -f target/payara-micro.jar ] && [ -d target/server ] \
  || mvn -B -q -ntp verify -DskipTests
bench/run.sh scenario=none 2>/dev/null || true # builds the load generator
wait_ready() { for _ in $(seq 1 600); do curl -sf "$1/health/ready" >/dev/null && return 0; sleep 0.2; done; echo "not ready: $1" >&2; return 1; }

start() { # server-name publications: starts it with that warm-up, sets url and pid
  local began; began=$(date +%s%N)
  if [ "$1" = payara ]; then
    java -Xmx4g $props -Dtidings.warmup.publications="$2" -jar target/payara-micro.jar --deploy target/tidings.war \
      --contextroot / --port 9080 --nohazelcast --disablephonehome \
      --prebootcommandfile server-config/payara/pre-boot-commands.asadmin > bench/results/payara-warmup.log 2>&1 &
    pid=$! url=http://127.0.0.1:9080
    wait_ready "$url"
  else
    rm -rf /tmp/tidings-bench-wildfly-warmup && cp -r target/server /tmp/tidings-bench-wildfly-warmup
    cp target/tidings.war /tmp/tidings-bench-wildfly-warmup/standalone/deployments/ROOT.war
    JAVA_OPTS="-Xmx4g -Djava.net.preferIPv4Stack=true" /tmp/tidings-bench-wildfly-warmup/bin/standalone.sh \
      -Djboss.socket.binding.port-offset=1001 $props -Dtidings.warmup.publications="$2" \
      > bench/results/wildfly-warmup.log 2>&1 &
    url=http://127.0.0.1:9081
    wait_ready "$url"
    pid=$(pgrep -f 'tidings-bench-wildfly-warmup.*jboss-modules' | head -1)
  fi
  echo "$1 warm-up $2: ready $(( ($(date +%s%N) - began) / 1000000 )) ms after start" >&2
}
stop() { kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.5; done; }
block() { # server-name publications
  exec 9>/tmp/tidings-it.lock; flock 9
  start "$1" "$2"
  bench/run.sh scenario=fanout server="$1-warmup$2" url="$url" pid="$pid" key=$key subscribers="${SUBSCRIBERS:-1000}" \
    rate=50 seconds=10 fresh=true out="$results" | tail -n +2
  stop
  flock -u 9
}

servers="${SERVERS:-payara wildfly}"
for round in $(seq 1 "${ROUNDS:-3}"); do
  [ "$round" = 1 ] || echo "# round $round" >> "$results"
  order=$servers; settings="0 $publications"
  if [ $((round % 2)) = 0 ]; then
    order=$(echo "$servers" | tr ' ' '\n' | tac | tr '\n' ' '); settings="$publications 0"
  fi
  for s in $order; do for p in $settings; do block "$s" "$p"; done; done
done
cp "$results" docs/bench/warmup.csv
echo "results: $results"
