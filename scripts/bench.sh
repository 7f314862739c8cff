#!/usr/bin/env bash
# make bench, over the wire: the packaged webhook (bin/bollard dev, with the image's JVM options)
# and an nginx with the same serving certificate, driven over TLS on loopback by wrk and h2load.
# Every figure stands beside a baseline measured in the same run and round:
#   /inject (6 KB pod, 16 conns) and /inject with every pod distinct vs POST /bench/noop (the same
#   edge answering a fixed review without parsing; bollard.bench.noop-path=true); 1 connection;
#   /validate (AuthorizationPolicy) vs a DELETE review there; the no-op vs nginx on the same
#   request; CA issuance (8 conns) vs the shipped provider's verify+sign ceiling on 2 threads, and
#   the CA's issuance in process on the same threads vs that ceiling;
#   TLS handshakes and server CPU each vs nginx's; the worst-case pod; start to ready; RSS.
# Each path is warmed BENCH_WARM_SECONDS (default 20: a fresh JVM needs 30+ s of load in all),
# then measured BENCH_RUNS (3) rounds of BENCH_SECONDS (10) per figure, paths interleaved per round.
# Writes target/bench/results.json (flat keys: the median, plus <key>.min and <key>.max) and
# target/bench/results.md; merges target/bench/proxy.json (scripts/bench-mesh.sh) when present.
# Needs `make build`; installs wrk, h2load (nghttp2-client) and nginx with apt-get when missing (root).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
here="$root/scripts/bench"
out="${BENCH_OUT:-$root/target/bench}"
seconds="${BENCH_SECONDS:-10}"
warm="${BENCH_WARM_SECONDS:-20}"
runs="${BENCH_RUNS:-3}"
work="$out/run"
raw="$work/measurements.jsonl"
app="$root/webhook/target/quarkus-app"
# the servers this script started (the webhook, nginx), stopped on any exit
pids=()
trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done' EXIT

log() { echo "bench: $*" >&2; }
die() { log "$*"; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# the load generators and the reference server, from Debian's packages
require_tools() {
  local missing=()
  command -v wrk > /dev/null || missing+=(wrk)
  command -v h2load > /dev/null || missing+=(nghttp2-client)
  command -v nginx > /dev/null || missing+=(nginx-light)
  if [ "${#missing[@]}" -gt 0 ]; then
    [ "$(id -u)" = 0 ] || die "missing ${missing[*]}: sudo apt-get install ${missing[*]}"
    log "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" > "$work/apt.log" 2>&1 \
      || { apt-get update -q > /dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" > "$work/apt.log" 2>&1; } \
      || die "apt-get install ${missing[*]} failed; see $work/apt.log"
  fi
  for tool in python3 java openssl curl; do command -v "$tool" > /dev/null || die "$tool not found"; done
  [ -f "$app/quarkus-run.jar" ] || die "$app/quarkus-run.jar is missing; run 'make build' first"
}

# The image's environment, read from webhook/Dockerfile so the two cannot drift: ENV NAME="value"
dockerfile_env() {
  sed -n "s/^ENV $1=\"\{0,1\}\([^\"]*\)\"\{0,1\}$/\1/p" "$root/webhook/Dockerfile" | head -1
}

# The Deployment's memory limit in MiB, emulated with -XX:MaxRAM so MaxRAMPercentage sizes the heap
# as in the container (the same reading as scripts/webhook-rss.sh)
memory_limit_mb() {
  sed -n '/limits:/,/memory:/s/^ *memory: *\([0-9]*\)Mi/\1/p' "$root/manifests/deployment.yaml" | head -1
}

rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

# user+system CPU of a process and its children that are alive now (nginx's workers), in µs
cpu_us() {
  local ticks total=0 pid
  ticks="$(getconf CLK_TCK)"
  for pid in "$1" $(pgrep -P "$1" || true); do
    total=$(( total + $(sed 's/^.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }') ))
  done
  echo $(( total * 1000000 / ticks ))
}

# record FIGURE ROUND JSON-OBJECT-FIELDS: one measurement line for scripts/bench/report.py
record() { echo "{\"figure\": \"$1\", \"round\": $2, $3}" >> "$raw"; }

# bin/bollard starts the server with the image's options (webhook/jvm.options, and the build's
# class-data archive); only the container's memory limit is added here
start_webhook() {
  local limit
  limit="$(memory_limit_mb)"
  [ -n "$limit" ] || die "no memory limit in manifests/deployment.yaml"
  jvm_options="@webhook/jvm.options -XX:MaxRAM=${limit}m"
  webhook_port="$(free_port)"
  log "webhook on :$webhook_port with $jvm_options, MALLOC_ARENA_MAX=$(dockerfile_env MALLOC_ARENA_MAX)"
  BOLLARD_JAVA_OPTS="-XX:MaxRAM=${limit}m" MALLOC_ARENA_MAX="$(dockerfile_env MALLOC_ARENA_MAX)" BOLLARD_DEV_DIR="$work/dev" \
    BOLLARD_PORT="$webhook_port" "$root/bin/bollard" dev -Dbollard.bench.noop-path=true > "$work/webhook.log" 2>&1 &
  # bin/bollard dev execs the server JVM, so this pid becomes the server's
  webhook_pid=$!
  pids+=("$webhook_pid")
  startup_ms="$("$here/ready.py" "$webhook_pid" "https://127.0.0.1:$webhook_port/q/health/ready")" \
    || { tail -30 "$work/webhook.log" >&2; die "the webhook did not become ready"; }
  record startup 1 "\"ms\": $startup_ms"
}

# An nginx answering every POST with a fixed JSON body the size of the webhook's /inject answer
# (/bench/noop: the no-op's own answer), TLS with the webhook's serving certificate and key
start_nginx() {
  local dir="$work/nginx"
  mkdir -p "$dir/logs"
  curl -sk --fail -H 'content-type: application/json' --data-binary "@$work/inject.json" \
    "https://127.0.0.1:$webhook_port/inject" > "$work/inject-answer.json" || die "/inject did not answer the bench pod"
  grep -q '"patch"' "$work/inject-answer.json" || die "/inject did not patch the bench pod: $(head -c 300 "$work/inject-answer.json")"
  curl -sk --fail --data-binary "@$work/tiny.json" "https://127.0.0.1:$webhook_port/bench/noop" > "$work/noop-answer.json" \
    || die "POST /bench/noop failed; is bollard.bench.noop-path honoured?"
  nginx_port="$(free_port)"
  python3 "$here/nginx-conf.py" "$work" "$nginx_port" > "$dir/nginx.conf"
  nginx -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' > "$dir/logs/stdout.log" 2>&1 &
  nginx_pid=$!
  pids+=("$nginx_pid")
  for _ in $(seq 1 100); do
    curl -sk --fail -o /dev/null --data-binary "@$work/inject.json" "https://127.0.0.1:$nginx_port/inject" && return
    sleep 0.1
  done
  cat "$dir/logs/"* >&2
  die "nginx did not start"
}

# wrk_json CONNECTIONS SECONDS URL BODY [DISTINCT] [TOKEN]: the JSON line of bench/wrk.lua
wrk_json() {
  local threads=$(( $1 < 2 ? 1 : 2 ))
  BENCH_BODY="$4" BENCH_DISTINCT="${5:-0}" BENCH_AUTH="${6:+Bearer $6}" \
    wrk -t"$threads" -c"$1" -d"${2}s" --timeout 10s -s "$here/wrk.lua" "$3" | tail -1
}

# The load figures: NAME CONNECTIONS URL BODY [DISTINCT] [TOKEN]
figures() {
  local w="https://127.0.0.1:$webhook_port" n="https://127.0.0.1:$nginx_port"
  cat <<EOF
inject 16 $w/inject $work/inject.json
noop 16 $w/bench/noop $work/inject.json
nginx 16 $n/inject $work/inject.json
inject_cold 16 $w/inject $work/inject-cold.json 1
inject_c1 1 $w/inject $work/inject.json
noop_c1 1 $w/bench/noop $work/inject.json
nginx_c1 1 $n/inject $work/inject.json
validate 16 $w/validate $work/validate.json
validate_noop 16 $w/validate $work/validate-noop.json
worst 1 $w/inject $work/worst.json
ca 8 $w/v1/certificates $work/csr.json 0 $token
EOF
}

warm_up() {
  local name conns url body distinct bearer
  while read -r name conns url body distinct bearer; do
    log "warming $name (${warm}s)"
    wrk_json "$conns" "$warm" "$url" "$body" "${distinct:-0}" "$bearer" > /dev/null
  done < <(figures)
  log "warming the TLS handshakes (${warm}s each)"
  handshake_batches webhook "https://127.0.0.1:$webhook_port/bench/noop" "$warm" > /dev/null
  handshake_batches nginx "https://127.0.0.1:$nginx_port/bench/noop" "$warm" > /dev/null
}

measure_round() {
  local round=$1 name conns url body distinct bearer result
  while read -r name conns url body distinct bearer; do
    result="$(wrk_json "$conns" "$seconds" "$url" "$body" "${distinct:-0}" "$bearer")"
    log "round $round $name: $result"
    record "$name" "$round" "\"wrk\": $result"
  done < <(figures)
}

# handshake_batches NAME URL SECONDS: new TLS connections, 100 at a time, one small request each,
# until SECONDS have passed; prints how many succeeded (h2load's last output in h2load-NAME.txt)
handshake_batches() {
  local name=$1 url=$2 until=$(( $(date +%s) + $3 )) batch=100 total=0 ok
  while [ "$(date +%s)" -lt "$until" ]; do
    ok="$(h2load -n "$batch" -c "$batch" -m 1 -t 2 -d "$work/tiny.json" -H 'content-type: application/json' "$url" 2>&1 \
      | tee "$work/h2load-$name.txt" | sed -n 's/^requests: .* \([0-9]*\) succeeded.*/\1/p')"
    total=$(( total + ${ok:-0} ))
  done
  echo "$total"
}

# handshakes NAME PID URL ROUND: the handshakes of BENCH_SECONDS and the server's CPU over the same
# time, which report.py divides by them
handshakes() {
  local name=$1 pid=$2 url=$3 round=$4 count cpu0 cpu1 t0 t1
  cpu0="$(cpu_us "$pid")"
  t0="$(date +%s%N)"
  count="$(handshake_batches "$name" "$url" "$seconds")"
  t1="$(date +%s%N)"
  cpu1="$(cpu_us "$pid")"
  record "tls_$name" "$round" "\"handshakes\": $count, \"elapsed_ns\": $(( t1 - t0 )), \"server_cpu_us\": $(( cpu1 - cpu0 ))"
  log "round $round tls $name: $count handshakes in $(( (t1 - t0) / 1000000 )) ms, server CPU $(( (cpu1 - cpu0) / 1000 )) ms"
}

crypto_ceiling() {
  local round=$1 result
  result="$(java -cp "$app/app/*:$app/lib/main/*" "$here/CryptoCeiling.java" "$seconds" 2)"
  log "round $round CA crypto ceiling: $result"
  record ceiling "$round" "\"ceiling\": $result"
}

# A CSR as a workload's agent sends it for the dev token's identity (tokens.csv: token,ns,sa)
write_csr() {
  local line ns sa
  line="$(grep -v '^#' "$work/dev/tokens.csv" | head -1)"
  token="${line%%,*}"
  ns="$(echo "$line" | cut -d, -f2)"
  sa="$(echo "$line" | cut -d, -f3)"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/workload.key" -subj "/O=bench" \
    -addext "subjectAltName=URI:spiffe://cluster.local/ns/$ns/sa/$sa" -out "$work/workload.csr" 2> /dev/null
  python3 -c 'import json, sys; print(json.dumps({"csr": open(sys.argv[1]).read(), "validitySeconds": 3600}))' \
    "$work/workload.csr" > "$work/csr.json"
  curl -sk --fail -o /dev/null -H "Authorization: Bearer $token" --data-binary "@$work/csr.json" \
    "https://127.0.0.1:$webhook_port/v1/certificates" || die "the CA refused the bench CSR"
}

# What the server says it uses, "unknown" until it says it (the one place to adapt as the CA and
# TLS work name their choices): a bollard_* metric whose name matches METRIC, with its labels, else
# the first log line part matching LOG
server_says() {
  local said
  said="$(curl -sk "https://127.0.0.1:$webhook_port/q/metrics" | grep -E "^bollard_[a-z_]*($1)[a-z_]*\{" | head -1 || true)"
  [ -n "$said" ] || said="$(grep -ioE "($2)[^,;]*" "$work/webhook.log" | head -1 || true)"
  echo "${said:-unknown}"
}

# The TLS session h2load got (protocol, cipher, key exchange) from each server
tls_session() {
  sed -n 's/^\(TLS Protocol\|Cipher\|Server Temp Key\): *//p' "$work/h2load-$1.txt" | paste -sd' ' -
}

# run.* of results.json: KEY=VALUE arguments, numbers kept as numbers
write_run_facts() {
  python3 - "$work/run.json" "$@" <<'PY'
import json, sys
def value(text):
    try:
        return int(text)
    except ValueError:
        return text
facts = dict(arg.split("=", 1) for arg in sys.argv[2:])
json.dump({"run." + k: value(v) for k, v in facts.items()}, open(sys.argv[1], "w"), indent=1)
PY
}

run_facts() {
  write_run_facts "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    "commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    "cpus=$(nproc)" "load_average=$(cut -d' ' -f1-3 /proc/loadavg)" \
    "seconds=$seconds" "warmup_seconds=$warm" "rounds=$runs" \
    "jvm_options=$jvm_options" "java=$(java -version 2>&1 | head -1)" \
    "ca_provider_said=$(server_says 'provider' 'crypto provider')" \
    "tls_stack_said=$(server_says 'tls' 'tls (stack|engine|provider)')" \
    "tls_webhook=$(tls_session webhook)" "tls_nginx=$(tls_session nginx)" \
    "nginx=$(nginx -v 2>&1 | sed 's/^nginx version: //')" "wrk=$(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
}

main() {
  rm -rf "$work"
  mkdir -p "$work"
  : > "$raw"
  require_tools
  python3 "$here/fixtures.py" "$work"
  start_webhook
  log "ready in $startup_ms ms; idle 10 s for RSS"
  sleep 10
  record rss_idle 1 "\"mb\": $(rss_mb "$webhook_pid")"
  write_csr
  start_nginx
  warm_up
  for round in $(seq 1 "$runs"); do
    measure_round "$round"
    handshakes webhook "$webhook_pid" "https://127.0.0.1:$webhook_port/bench/noop" "$round"
    handshakes nginx "$nginx_pid" "https://127.0.0.1:$nginx_port/bench/noop" "$round"
    crypto_ceiling "$round"
  done
  sleep 2
  record rss_after_load 1 "\"mb\": $(rss_mb "$webhook_pid")"
  run_facts
  python3 "$here/report.py" "$raw" "$work/run.json" "$out/proxy.json" "$out/results.json" "$out/results.md"
  cat "$out/results.md"
}

main "$@"
