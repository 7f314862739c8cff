#!/usr/bin/env bash
# Footprint and start-up of an idle sidecar proxy (issue 10: RSS <= 64 MiB idle, ready <= 1 s
# after the certificate arrives), measured with the image's JVM options (proxy/jvm.options, via
# bin/bollard proxy). Needs `make build` (webhook + proxy), jcmd, curl, python3 (free ports).
#
# Starts a throwaway control plane (bin/bollard dev in a temp dir, free port, one meshed pod
# default/demo-0 in its mesh dir), then the proxy twice, one after the other:
#   1. exactly the image's options: start-to-ready, then after IDLE_SECONDS (default 30) of no
#      traffic VmRSS / RssAnon / RssFile / Threads from /proc/<pid>/status
#   2. the same plus -XX:NativeMemoryTracking=summary (which itself costs a few MB, hence the
#      separate run): the NMT summary, where the memory goes
# and removes everything it started on exit. Usage: scripts/proxy-rss.sh [IDLE_SECONDS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
idle="${1:-${IDLE_SECONDS:-30}}"
work="$(mktemp -d /tmp/bollard-rss.XXXXXX)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
millis() { date +%s%3N; }

cp_port="$(free_port)"
mkdir -p "$work/dev/mesh"
cat > "$work/dev/mesh/demo.yaml" <<'EOF'
apiVersion: v1
kind: Pod
metadata: {name: demo-0, namespace: default, labels: {app: demo, security.istio.io/tlsMode: istio}}
spec: {serviceAccountName: demo}
status: {podIP: 127.0.0.1}
EOF
BOLLARD_DEV_DIR="$work/dev" BOLLARD_PORT="$cp_port" "$root/bin/bollard" dev > "$work/control-plane.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do
  grep -q "Listening on" "$work/control-plane.log" 2>/dev/null && break
  sleep 0.1
done
grep -q "Listening on" "$work/control-plane.log" || { cat "$work/control-plane.log" >&2; echo "control plane did not start" >&2; exit 1; }
grep -v '^#' "$work/dev/tokens.csv" | head -1 | cut -d, -f1 > "$work/token"

# run_proxy NAME [extra JVM options]: starts the proxy, waits for readiness; sets $proxy_pid, $health
run_proxy() {
  local name="$1"; shift
  health="$(free_port)"
  metrics="${METRICS_PORT:-$(free_port)}" # METRICS_PORT=0 measures without the metrics endpoint
  BOLLARD_PROXY_JAVA_OPTS="$*" "$root/bin/bollard" proxy --ca "https://127.0.0.1:$cp_port" \
      --token-file "$work/token" --root-cert "$work/dev/root-cert.pem" --out "$work/$name-certs" \
      --pod-name demo-0 --pod-namespace default --service-account demo --instance-ip 127.0.0.1 \
      --inbound-port "$(free_port)" --outbound-port "$(free_port)" \
      --health-port "$health" --health-address 127.0.0.1 --metrics-port "$metrics" > "$work/$name.log" 2>&1 &
  proxy_pid=$!
  pids+=("$proxy_pid")
  local start; start="$(millis)"
  # readiness polled every 20 ms (the resolution of the launch-to-ready number)
  until curl -sf "http://127.0.0.1:$health/healthz/ready" > /dev/null 2>&1; do
    if ! kill -0 "$proxy_pid" 2>/dev/null || [ $(( $(millis) - start )) -gt 60000 ]; then
      cat "$work/$name.log" >&2; echo "proxy did not get ready" >&2; exit 1
    fi
    sleep 0.02
  done
  launch_to_ready=$(( $(millis) - start ))
  # one scrape, as Prometheus would do within its interval: the metrics classes count too
  if [ "$metrics" != 0 ]; then curl -sf "http://127.0.0.1:$metrics/stats/prometheus" > /dev/null; fi
}

# the proxy's own log: certificate issued ("info issued ...") -> listeners up ("...; ready")
log_millis() { date -d "$(grep -m1 "$2" "$1" | cut -d' ' -f1)" +%s%3N; }

run_proxy plain
issued="$(log_millis "$work/plain.log" ' info issued ')"
ready="$(log_millis "$work/plain.log" '; ready$')"
echo "JVM options (proxy/jvm.options): $(grep -v '^#' "$root/proxy/jvm.options" | tr '\n' ' ')"
echo "MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-(from bin/bollard)}; $(java -version 2>&1 | head -1); $(nproc) CPUs"
echo "launch to ready: ${launch_to_ready} ms; certificate installed to ready: $(( ready - issued )) ms (proxy log)"
sleep "$idle"
echo "after ${idle} s idle: $(grep -E '^(VmRSS|RssAnon|RssFile|Threads):' "/proc/$proxy_pid/status" | tr -s ' \t' ' ' | paste -sd' ')"
kill "$proxy_pid"; wait "$proxy_pid" 2>/dev/null || true

run_proxy nmt -XX:NativeMemoryTracking=summary
sleep "$idle"
echo "with NMT (its own overhead included): $(grep -E '^(VmRSS|RssAnon|RssFile):' "/proc/$proxy_pid/status" | tr -s ' \t' ' ' | paste -sd' ')"
jcmd "$proxy_pid" VM.native_memory summary | grep -E '^(Total|-)' | sed -E 's/reserved=[0-9]+KB, //; s/^-? +//'
