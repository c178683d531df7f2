#!/usr/bin/env bash
# The Redis bus beside the local bus on this machine, in one session (docs/benchmarks.md, "The Redis bus"): fan-out on
# one WildFly node, local bus then Redis bus, each on a fresh server; the same on two nodes of one Redis (subscribers
# split over both, publications through the first); latency at a paced rate; Redis's CPU per publication and its memory
# per channel of history. Starts its own redis-server (free port, temporary directory, no persistence) and stops all it
# started. Results go to bench/results/redis.csv. Usage: bench/redis.sh [quick]; ROUNDS=N repeats it all (default 2);
# FANOUTS, PACED, TWO_NODES and HISTORIES narrow it, e.g. FANOUTS=10000:50 PACED= TWO_NODES= HISTORIES= bench/redis.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
results=bench/results/redis.csv
mkdir -p bench/results
key=bench-key
secret=bench-secret-of-at-least-32-bytes!!
props="-Dtidings.api.key=$key -Dtidings.jwt.secret=$secret -Dtidings.limits.connections=50000 \
 -Dtidings.limits.connections.per.address.per.minute=100000000 -Dtidings.limits.connections.per.user=100000 \
 -Dtidings.origins=*"
offset="${OFFSET:-1101}" # WildFly's ports moved by this much: the first node's HTTP on 9181, the second's on 9182
rounds="${ROUNDS:-2}"
fanouts="${FANOUTS-1000:50 1000:300 10000:50}" # subscribers:rate; 1,000 × 50/s is paced, the others saturate a node here
paced="${PACED-10:20 1000:20}"                 # latency at rates every node keeps up with: 30 s after 20 s of warm-up
two_nodes="${TWO_NODES-$fanouts}"              # the same on two nodes
histories="${HISTORIES-100 1000}"              # tidings.history.size of the memory runs
[ "${1:-}" = quick ] && { fanouts="1000:50"; paced="10:20"; two_nodes="1000:50"; histories=100; rounds=1; }

[ -f target/tidings.war ] && [ -d target/server ] || mvn -B -q verify -DskipTests
bench/run.sh scenario=none 2>/dev/null || true # builds the load generator

wait_ready() { for _ in $(seq 1 240); do curl -sf "$1/health/ready" >/dev/null && return 0; sleep 0.5; done; echo "not ready: $1" >&2; return 1; }
in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

work="$(mktemp -d /tmp/tidings-bench-redis.XXXXXX)"
port=16379
while in_use "$port"; do port=$((port + 1)); done
redis-server --port "$port" --bind 127.0.0.1 --dir "$work" --save '' --appendonly no > "$work/redis.log" 2>&1 &
redis_pid=$!
redis="redis://127.0.0.1:$port"
running=() # pids of the nodes up now

# SIGTERM, then SIGKILL for a node not gone within a minute (WildFly can deadlock in Undertow's WebSocket container
# when it suspends while sessions are closing: ServerWebSocketContainer.pause against removeOpenSession)
stop_nodes() {
  for p in "${running[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${running[@]}"; do
    for _ in $(seq 1 120); do kill -0 "$p" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$p" 2>/dev/null && echo "node $p did not stop within a minute: killed" >&2
    while kill -0 "$p" 2>/dev/null; do sleep 0.5; done
  done
  running=()
}
finish() { stop_nodes; kill "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; rm -rf "$work"; }
trap finish EXIT
until redis-cli -p "$port" ping 2>/dev/null | grep -q PONG; do kill -0 "$redis_pid"; sleep 0.1; done

# node NAME SHIFT [-Dsetting...]: a fresh WildFly from target/server, HTTP on 8080 + offset + SHIFT; its pid to running
node() {
  local dir="$work/$1" moved=$(($2 + offset)) log="bench/results/redis-$1.log"
  shift 2
  cp -r target/server "$dir"
  cp target/tidings.war "$dir/standalone/deployments/ROOT.war"
  JAVA_OPTS="-Xmx4g -Djava.net.preferIPv4Stack=true" "$dir/bin/standalone.sh" \
    -Djboss.socket.binding.port-offset=$moved $props "$@" > "$log" 2>&1 &
  wait_ready "http://127.0.0.1:$((8080 + moved))"
  running+=("$(pgrep -f "$dir/jboss-modules" | head -1)")
}
url() { echo "http://127.0.0.1:$((8080 + offset + $1))"; }
fresh() { stop_nodes; rm -rf "$work"/node-*; redis-cli -p "$port" flushall >/dev/null; } # no node up, Redis empty
fanout() { bench/run.sh scenario=fanout key=$key out="$results" "$@" | tail -1; }

# one_node SUBSCRIBERS RATE SECONDS WARMUP: the local bus, then the Redis bus, each on a fresh node
one_node() {
  fresh
  node node-a 0
  fanout server=wildfly-local url="$(url 0)" pid="${running[0]}" subscribers="$1" rate="$2" seconds="$3" warmup="$4"
  fresh
  node node-a 0 -Dtidings.redis.url="$redis"
  fanout server=wildfly-redis url="$(url 0)" pid="${running[0]}" redis="$redis" \
    subscribers="$1" rate="$2" seconds="$3" warmup="$4"
}

for round in $(seq 1 "$rounds"); do
  echo "round $round"
  for run in $fanouts; do IFS=: read -r n r <<< "$run"; one_node "$n" "$r" 10 5; done
  for run in $paced; do IFS=: read -r n r <<< "$run"; one_node "$n" "$r" 30 20; done
  # two nodes on one Redis: subscribers alternate between them, publications through the first
  for run in $two_nodes; do
    IFS=: read -r n r <<< "$run"
    fresh
    node node-a 0 -Dtidings.redis.url="$redis"
    node node-b 1 -Dtidings.redis.url="$redis"
    fanout server=wildfly-redis-2-nodes url="$(url 0)" nodes="$(url 0),$(url 1)" pid="${running[0]},${running[1]}" \
      redis="$redis" subscribers="$n" rate="$r" seconds=10
  done
  # Redis's memory per channel: 100 channels of events of 200 bytes, with histories of 100 and of 1,000 events
  for size in $histories; do
    fresh
    node node-a 0 -Dtidings.redis.url="$redis" -Dtidings.history.size=$size
    for events in 1 $size $((size * 3)); do
      bench/run.sh scenario=history server="wildfly-redis-history-$size" url="$(url 0)" key=$key redis="$redis" \
        history=$size channels=100 events=$events bytes=200 out="$results" | tail -1
    done
  done
done
echo "results: $results"
