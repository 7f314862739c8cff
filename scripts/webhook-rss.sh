#!/usr/bin/env bash
# Resident memory of the packaged webhook under 2,000 connections, with the JVM options the image
# and the Deployment use (webhook/jvm.options, read by bin/bollard dev) and the Deployment's
# memory limit emulated with -XX:MaxRAM, so
# MaxRAMPercentage sizes the heap as it would in the container. Needs `make build`, h2load
# (nghttp2-client), python3. Usage: scripts/webhook-rss.sh [CONNECTIONS] [REQUESTS]
#
# Starts bin/bollard dev (throwaway dir, free port), warms up, then h2load opens CONNECTIONS
# (default 2000) TLS connections, RATE (default 200) a second so the handshakes finish within
# Vert.x's 10 s handshake timeout on a small machine, and sends REQUESTS (default 40000) POST /inject
# AdmissionReviews over them. Prints the peak (VmHWM) and final VmRSS, the NMT summary totals
# and h2load's status counts; removes everything it started on exit.
# JAVA_OPTS_OVERRIDE="..." adds options that override the file's, one by one (e.g. -XX:MaxRAMPercentage=75).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
conns="${1:-2000}"
requests="${2:-40000}"
work="$(mktemp -d /tmp/bollard-webhook-rss.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
command -v h2load > /dev/null || { echo "webhook-rss: h2load not found (apt-get install nghttp2-client)" >&2; exit 1; }

deployment="$root/manifests/deployment.yaml"
# the container's memory limit from the Deployment; the JVM options are the image's, webhook/jvm.options,
# which bin/bollard dev reads itself (with the build's class-data archive, as the image has its own)
limit="$(sed -n '/limits:/,/memory:/s/^ *memory: *\([0-9]*Mi\)/\1/p' "$deployment" | head -1)"
[ -n "$limit" ] || { echo "webhook-rss: no memory limit in $deployment" >&2; exit 1; }
opts="${JAVA_OPTS_OVERRIDE:-}"
limit_mb="${limit%Mi}"
echo "options: webhook/jvm.options ${opts:+plus $opts}"
echo "container memory limit (emulated with -XX:MaxRAM): ${limit}"

port="$(free_port)"
BOLLARD_JAVA_OPTS="$opts -XX:MaxRAM=${limit_mb}m -XX:NativeMemoryTracking=summary" BOLLARD_DEV_DIR="$work/dev" \
    BOLLARD_PORT="$port" "$root/bin/bollard" dev > "$work/server.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 600); do
  grep -q "Listening on" "$work/server.log" 2>/dev/null && break
  sleep 0.1
done
grep -q "Listening on" "$work/server.log" || { cat "$work/server.log" >&2; echo "webhook did not start" >&2; exit 1; }
# bin/bollard dev execs java, so the background pid is the server's
pid="${pids[0]}"
body="$root/webhook/src/test/resources/admission/inject-enabled-request.json"
url="https://127.0.0.1:$port/inject"
hdr=(-H 'content-type: application/json')

h2load -c 16 -n 4000 -d "$body" "${hdr[@]}" "$url" > "$work/warmup.txt" 2>&1 || true
echo "after start + warm-up: $(grep VmRSS /proc/$pid/status)"
h2load -c "$conns" -n "$requests" -m 1 -t 2 -r "${RATE:-200}" -d "$body" "${hdr[@]}" "$url" > "$work/load.txt" 2>&1 || true
grep -E "^requests:|^status codes:|^finished in" "$work/load.txt" || cat "$work/load.txt"
sleep 2
echo "peak:  $(grep VmHWM /proc/$pid/status)"
echo "after: $(grep VmRSS /proc/$pid/status)"
if command -v jcmd > /dev/null; then
  jcmd "$pid" VM.native_memory summary 2>/dev/null | grep -E "^Total|^-  *(Java Heap|Class|Thread|Code|GC|Other|Internal|Metaspace)" \
      | sed 's/^-  */  /' || true
fi
echo "limit: ${limit_mb} MiB"
