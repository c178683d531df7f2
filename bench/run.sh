#!/usr/bin/env bash
# Runs one benchmark scenario against a running server, e.g.
#   bench/run.sh scenario=fanout url=http://127.0.0.1:8080 key=dev-key subscribers=1000 rate=50 server=payara
# Scenarios: fanout, channels (needs secret=), idle and subscriptions (pid= for server memory), storm (needs secret=).
# client=netty (default; epoll on Linux), client=netty-nio or client=jdk picks the load-generating WebSocket client.
# protocol=socketio (fanout, Netty clients): Socket.IO v4 subscribers of the exchange gateway's /ws instead of native.
# protocol=batch (fanout, Netty clients): native subscribers that ask for tidings.v1.batch (several frames a message).
# warmup=D seconds of publications before the measured window (default 5; warmup=0: no warm-up, a "fresh" row).
# fresh=true (fanout, channels): a window measured before any warm-up, then the warm-up and the usual window: two rows,
#   phase "fresh" and "warm" (run it on a just-started server). Every fan-out row ends with its phase and the round
#   trip of the window's POST /api/publish requests (publish_p50_ms, publish_p99_ms, publish_max_ms).
# bench/compare-publish.sh runs the publish-latency and warm-up comparison on Payara Micro and WildFly.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ ! -d "$here/target/dependency" ] || [ "$here/pom.xml" -nt "$here/target/classes" ] \
  || [ -n "$(find "$here/src" -newer "$here/target/classes" -name '*.java' 2>/dev/null | head -1)" ]; then
  rm -rf "$here/target/dependency" # no jar of an older dependency version may stay on the class path
  mvn -B -q -f "$here/pom.xml" package >&2
  touch "$here/target/classes" # an incremental compile leaves the folder's own time: not built again next run
fi
exec java -Xmx3g -cp "$here/target/classes:$here/target/dependency/*" io.tidings.bench.Bench "$@"
