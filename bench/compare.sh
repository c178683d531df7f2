#!/usr/bin/env bash
# The whole comparison on this machine, side by side in one session: Tidings on Payara Micro, Tidings on
# WildFly (each also with clients that ask for tidings.v1.batch), the Node.js `ws` peer from ../shared/peers (when
# present), and Tidings on the Redis bus on one WildFly node and two (when redis-server is installed; bench/redis.sh).
# Results go to bench/results/, plots to docs/bench/. Takes about 35 minutes. Usage: bench/compare.sh [quick]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
results=bench/results/results.csv
mkdir -p bench/results docs/bench
servers="${SERVERS:-payara wildfly node}" # e.g. SERVERS=node bench/compare.sh to add one server's rows
[ "$servers" = "payara wildfly node" ] && rm -f "$results"
key=bench-key
secret=bench-secret-of-at-least-32-bytes!!
props="-Dtidings.api.key=$key -Dtidings.jwt.secret=$secret -Dtidings.limits.connections=50000 \
 -Dtidings.limits.connections.per.address.per.minute=100000000 -Dtidings.limits.connections.per.user=100000 \
 -Dtidings.origins=*"
# 19,500 is the most one process may hold here (open files are limited to 20,000 per process on this machine)
if [ "${1:-}" = quick ]; then subs="1000 5000"; rates="20 100"; idle=5000; else subs="1000 5000 10000 19500"; rates="20 50 100"; idle=19500; fi

[ -f target/tidings.war ] && [ -f target/payara-micro.jar ] && [ -d target/server ] || mvn -B -q verify -DskipTests
bench/run.sh scenario=none 2>/dev/null || true # builds the load generator

wait_ready() { for _ in $(seq 1 240); do curl -sf "$1/health/ready" >/dev/null && return 0; sleep 0.5; done; echo "not ready: $1" >&2; return 1; }

scenarios() { # server-name url pid
  # idle first, on a fresh server: after the fan-outs, closed connections still held would skew its baseline
  bench/run.sh scenario=idle server="$1" url="$2" pid="$3" subscribers="$idle" seconds=30 out="$results" | tail -1
  for n in $subs; do for r in $rates; do
    [ "$n" -gt 10000 ] && [ "$r" -gt 50 ] && continue # nobody comes near 1.95 million deliveries/s here
    bench/run.sh scenario=fanout server="$1" url="$2" pid="$3" key=$key subscribers="$n" rate="$r" seconds=10 out="$results" | tail -1
  done; done
  if [ "$1" != node ]; then # Tidings with clients that ask for tidings.v1.batch (tidings.js does)
    bench/run.sh scenario=fanout protocol=batch server="$1-batch" url="$2" pid="$3" key=$key subscribers=10000 rate=50 seconds=10 out="$results" | tail -1
  fi
  bench/run.sh scenario=channels server="$1" url="$2" pid="$3" key=$key secret="$secret" subscribers=5000 rate=1000 seconds=10 out="$results" | tail -1
  bench/run.sh scenario=storm server="$1" url="$2" secret="$secret" subscribers=5000 parallel=100 out="$results" | tail -1
}

# Payara Micro
if [[ " $servers " == *" payara "* ]]; then
java -Xmx4g $props -jar target/payara-micro.jar --deploy target/tidings.war --contextroot / --port 9080 \
  --nohazelcast --disablephonehome --prebootcommandfile server-config/payara/pre-boot-commands.asadmin \
  > bench/results/payara.log 2>&1 &
pid=$!
wait_ready http://127.0.0.1:9080 && scenarios payara http://127.0.0.1:9080 "$pid"
kill "$pid"; wait "$pid" 2>/dev/null || true
fi

# WildFly
if [[ " $servers " == *" wildfly "* ]]; then
rm -rf /tmp/tidings-bench-wildfly && cp -r target/server /tmp/tidings-bench-wildfly
cp target/tidings.war /tmp/tidings-bench-wildfly/standalone/deployments/ROOT.war
JAVA_OPTS="-Xmx4g -Djava.net.preferIPv4Stack=true" /tmp/tidings-bench-wildfly/bin/standalone.sh \
  -Djboss.socket.binding.port-offset=1001 $props > bench/results/wildfly.log 2>&1 &
wait_ready http://127.0.0.1:9081
pid=$(pgrep -f 'tidings-bench-wildfly.*jboss-modules' | head -1)
scenarios wildfly http://127.0.0.1:9081 "$pid"
kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.5; done
fi

# The Node.js ws peer (the stack Tidings replaces)
peers="$root/../shared/peers"
if [[ " $servers " == *" node "* ]] && [ -f "$peers/ws-gateway.mjs" ]; then
  (cd "$peers" && [ -d node_modules ] || npm install --silent --no-audit --no-fund)
  (cd "$peers" && PORT=9090 TIDINGS_API_KEY=$key exec node ws-gateway.mjs) > bench/results/node.log 2>&1 &
  pid=$!
  wait_ready http://127.0.0.1:9090 && scenarios node http://127.0.0.1:9090 "$pid"
  kill "$pid"; wait "$pid" 2>/dev/null || true
fi

# Tidings on the Redis bus, one node and two (bench/redis.sh has the whole matrix): the saturating fan-out, once
if [[ " $servers " == *" wildfly "* ]] && command -v redis-server >/dev/null; then
  FANOUTS=10000:50 PACED= HISTORIES= ROUNDS=1 bench/redis.sh
fi

java -cp "bench/target/classes:bench/target/dependency/*" io.tidings.bench.Plots "$results" docs/bench
cp "$results" docs/bench/results.csv
echo "results: $results, plots: docs/bench/"
