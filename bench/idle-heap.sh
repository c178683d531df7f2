#!/usr/bin/env bash
# Heap per idle connection on one fresh server, and which classes each connection holds:
#   [WAR=some.war] bench/idle-heap.sh payara|wildfly LABEL [subscribers]   (LABEL names the WAR in the csv)
# Starts the server as compare.sh does (demo off), takes a class histogram with no connection, opens the idle
# scenario's connections (each subscribed to `status`), takes a second histogram once they are all open, and lets the
# scenario measure the heap after a full GC. Appends a row to docs/bench/idle-heap.csv; the histograms and their
# difference (bench/histogram-diff.py) go to bench/results/idle-heap/. Run it inside `flock /tmp/tidings-it.lock`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
runtime="$1"
label="$2"
n="${3:-5000}"
war="${WAR:-target/tidings.war}" # WAR=... measures another build (A/B)
out=bench/results/idle-heap
mkdir -p "$out"
csv=docs/bench/idle-heap.csv
[ -f "$csv" ] || echo "date,server,war,connections,open,heap_kb_per_conn,rss_kb_per_conn,histogram_kb_per_conn" > "$csv"
key=bench-key
secret=bench-secret-of-at-least-32-bytes!!
props="-Dtidings.api.key=$key -Dtidings.jwt.secret=$secret -Dtidings.limits.connections=50000 \
 -Dtidings.limits.connections.per.address.per.minute=100000000 -Dtidings.limits.connections.per.user=100000 \
 -Dtidings.origins=* -Dtidings.demo.enabled=false"
stamp="$runtime-$label-$(date -u +%H%M%S)"

wait_ready() { for _ in $(seq 1 240); do curl -sf "$1/health/ready" >/dev/null && return 0; sleep 0.5; done; echo "not ready: $1" >&2; return 1; }
established() { ss -Htn state established "( sport = :$1 )" | wc -l; }

if [ "$runtime" = payara ]; then
  port=9080
  java -Xmx4g $props -jar target/payara-micro.jar --deploy "$war" --contextroot / --port $port \
    --nohazelcast --disablephonehome --prebootcommandfile server-config/payara/pre-boot-commands.asadmin \
    > "$out/$stamp.log" 2>&1 &
  pid=$!
  wait_ready http://127.0.0.1:$port
else
  port=9081
  rm -rf /tmp/tidings-idle-wildfly && cp -r target/server /tmp/tidings-idle-wildfly
  cp "$war" /tmp/tidings-idle-wildfly/standalone/deployments/ROOT.war
  JAVA_OPTS="-Xmx4g -Djava.net.preferIPv4Stack=true" /tmp/tidings-idle-wildfly/bin/standalone.sh \
    -Djboss.socket.binding.port-offset=1001 $props > "$out/$stamp.log" 2>&1 &
  wait_ready http://127.0.0.1:$port
  pid=$(pgrep -f 'tidings-idle-wildfly.*jboss-modules' | head -1)
fi
stop() { kill "$pid" 2>/dev/null || true; while kill -0 "$pid" 2>/dev/null; do sleep 0.5; done; }
trap stop EXIT

sleep 10 # let the deployment's start-up work settle
jcmd "$pid" GC.class_histogram > "$out/$stamp-0.txt"
[ -z "${DUMP:-}" ] || jcmd "$pid" GC.heap_dump "${DUMP%.hprof}-0.hprof" >/dev/null
bench/run.sh scenario=idle server="$runtime" url=http://127.0.0.1:$port pid="$pid" subscribers="$n" seconds=60 \
  > "$out/$stamp-run.csv" &
run=$!
for _ in $(seq 1 240); do [ "$(established $port)" -ge "$n" ] && break; sleep 0.5; done
sleep 15 # the subscribe frames answered and a heartbeat or two
jcmd "$pid" GC.class_histogram > "$out/$stamp-$n.txt"
[ -z "${DUMP:-}" ] || jcmd "$pid" GC.heap_dump "$DUMP" >/dev/null # DUMP=file.hprof: heap dumps too (and file-0.hprof), for bench/heap-owners.py
wait "$run"
python3 bench/histogram-diff.py "$out/$stamp-0.txt" "$out/$stamp-$n.txt" "$n" > "$out/$stamp-diff.txt"
row=$(tail -1 "$out/$stamp-run.csv")
open=$(echo "$row" | cut -d, -f3)
heap=$(echo "$row" | cut -d, -f13)
rss=$(echo "$row" | cut -d, -f14)
hist=$(head -1 "$out/$stamp-diff.txt" | awk '{print $NF}')
echo "$(date -u +%F),$runtime,$label,$n,$open,$heap,$rss,$hist" | tee -a "$csv"
