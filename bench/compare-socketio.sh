#!/usr/bin/env bash
# Socket.IO fan-out side by side, in one session (issue 21): Tidings on WildFly with native subscribers, the same
# server with Socket.IO subscribers (the exchange gateway's dialect on /ws), and the real socket.io v4 server
# (bench/peers/socketio-gateway.mjs) with the same Socket.IO subscribers. Each round starts each server afresh and
# warms it up with a run that is not kept; round 2 runs the servers (and native/Socket.IO) in the other order.
# Rows go to bench/results/socketio.csv (a "# round N" line before each round's), copied to docs/bench/socketio.csv,
# the deliveries plot to docs/bench/socketio/. About 6 minutes a round.
# Usage: bench/compare-socketio.sh; ROUNDS=1, SUBS="1000 5000", RATES="20 50", WINDOW=10 (seconds) change the matrix.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
results=bench/results/socketio.csv
warmup=bench/results/socketio-warmup.csv
mkdir -p bench/results docs/bench/socketio
rm -f "$results" "$warmup" bench/results/socketio-round*.csv
subs="${SUBS:-1000 5000}"
rates="${RATES:-20 50}"
rounds="${ROUNDS:-2}"
window="${WINDOW:-10}"
key=bench-key
props="-Dtidings.api.key=$key -Dtidings.limits.connections=50000 \
 -Dtidings.limits.connections.per.address.per.minute=100000000 -Dtidings.limits.connections.per.user=100000 \
 -Dtidings.origins=*"
# ports of their own (offset 1301: HTTP 9381), so compare.sh or another worktree's run can go on beside this one
offset=1301
tidings=http://127.0.0.1:9381
peer=http://127.0.0.1:9391
wildfly_dir=/tmp/tidings-bench-socketio-wildfly

[ -f target/tidings.war ] && [ -d target/server ] || mvn -B -q verify -DskipTests
bench/run.sh scenario=none 2>/dev/null || true # builds the load generator
(cd bench/peers && [ -d node_modules ] || npm ci --silent --no-audit --no-fund)

wait_ready() { for _ in $(seq 1 240); do curl -sf "$1/health/ready" >/dev/null && return 0; sleep 0.5; done; echo "not ready: $1" >&2; return 1; }

fanout() { # server-name url pid protocol subscribers rate [out] [seconds]
  bench/run.sh scenario=fanout server="$1" url="$2" pid="$3" protocol="$4" key=$key subscribers="$5" rate="$6" \
    seconds="${8:-$window}" out="${7:-$round_rows}" | tail -1
}

wildfly() { # round
  rm -rf "$wildfly_dir" && cp -r target/server "$wildfly_dir"
  cp target/tidings.war "$wildfly_dir/standalone/deployments/ROOT.war"
  JAVA_OPTS="-Xmx4g -Djava.net.preferIPv4Stack=true" "$wildfly_dir/bin/standalone.sh" \
    -Djboss.socket.binding.port-offset=$offset $props > bench/results/wildfly-socketio.log 2>&1 &
  wait_ready "$tidings"
  local pid protocols
  pid=$(pgrep -f "$wildfly_dir.*jboss-modules" | head -1)
  if [ $(($1 % 2)) = 1 ]; then protocols="native socketio"; else protocols="socketio native"; fi
  for p in $protocols; do fanout warmup "$tidings" "$pid" "$p" 1000 50 "$warmup" 5 >/dev/null; done
  for n in $subs; do for r in $rates; do for p in $protocols; do
    if [ "$p" = native ]; then fanout wildfly "$tidings" "$pid" native "$n" "$r"; else fanout wildfly-socketio "$tidings" "$pid" socketio "$n" "$r"; fi
  done; done; done
  kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.5; done
}

node_peer() {
  (cd bench/peers && PORT=9391 TIDINGS_API_KEY=$key exec node socketio-gateway.mjs) > bench/results/node-socketio.log 2>&1 &
  local pid=$!
  wait_ready "$peer"
  fanout warmup "$peer" "$pid" socketio 1000 50 "$warmup" 5 >/dev/null
  for n in $subs; do for r in $rates; do fanout node-socketio "$peer" "$pid" socketio "$n" "$r"; done; done
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

for round in $(seq 1 "$rounds"); do
  round_rows=bench/results/socketio-round$round.csv
  if [ $((round % 2)) = 1 ]; then wildfly "$round"; node_peer; else node_peer; wildfly "$round"; fi
done
for round in $(seq 1 "$rounds"); do # one file: the header, then each round's rows after a "# round N" line
  [ "$round" = 1 ] && head -1 bench/results/socketio-round1.csv > "$results"
  echo "# round $round" >> "$results"
  tail -n +2 "bench/results/socketio-round$round.csv" >> "$results"
done

java -cp "bench/target/classes:bench/target/dependency/*" io.tidings.bench.Plots "$results" docs/bench/socketio
# its p99 plot would set each server's p99 at a different rate (the one where it delivered most): the table tells it
rm -f docs/bench/socketio/fanout-p99.png
cp "$results" docs/bench/socketio.csv
echo "results: $results, plots: docs/bench/socketio/"
