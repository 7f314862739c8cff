#!/usr/bin/env bash
# make bench, second part: what two proxies add to a request. In one run, on one bridge:
#   mesh:   wrk in a-0's app -> a-0's proxy -> mTLS -> b-0's proxy -> b-0's app (both meshed)
#   direct: wrk in c-0 -> d-0's app (no capture rules, no proxies)
# Same app (scripts/MeshApp.java), same wrk, 1 and 16 connections; reports p50/p99 latency and
# req/s, and each as a ratio to the direct baseline. MESH_BENCH_SECONDS (default 10) per run,
# MESH_BENCH_RUNS (default 3) runs of each figure, the median reported.
# Also: mTLS handshakes accepted by b-0's proxy per second of its CPU (wrk with "Connection: close"
# from a-0: every app connection is a new mTLS connection, since the outbound proxy does not pool),
# and the idle VmRSS of both proxies before any traffic. The issue-15 figures go to
# target/bench/proxy.json (MESH_BENCH_JSON), a flat object that scripts/bench.sh merges.
set -euo pipefail
. "$(dirname "$0")/mesh-lib.sh"
if [ "$(id -u)" != 0 ]; then
  echo "mesh benchmark: SKIPPED (needs root for network namespaces; run 'sudo make bench')"
  exit 0
fi
mesh_require "mesh benchmark" wrk
trap mesh_cleanup EXIT
seconds=${MESH_BENCH_SECONDS:-10}
runs=${MESH_BENCH_RUNS:-3}
out=${MESH_BENCH_OUT:-$MESH_ROOT/target/bench/mesh.txt}
json=${MESH_BENCH_JSON:-$MESH_ROOT/target/bench/proxy.json}
mkdir -p "$(dirname "$out")" "$(dirname "$json")"

mesh_init bollard-bench
mesh_pod a-0 bench a 2
mesh_pod b-0 bench b 3
mesh_pod c-0 bench c 4
mesh_pod d-0 bench d 5
mesh_wait_control_plane
mesh_list_pods a-0 b-0
mesh_peer_authentication bench ""
mesh_sidecar a-0
mesh_sidecar b-0
mesh_wait_ready a-0 b-0 c-0 d-0

# idle footprint first, before any traffic touches the proxies' buffers or JIT (scripts/proxy-rss.sh
# has the 30 s version with the breakdown); the larger of the two proxies
sleep "${MESH_BENCH_IDLE:-5}"
vmrss_mb() { awk '$1 == "VmRSS:" { printf "%.1f\n", $2 / 1024 }' "/proc/$(cat "$MESH_DIR/pods/$1/proxy.pid")/status"; }
rss_mb=$(printf '%s\n' "$(vmrss_mb a-0)" "$(vmrss_mb b-0)" | sort -g | tail -1)

# wrk_run FROM TO CONNECTIONS [WRK ARGS]: "p50_ms p99_ms req_per_s" from wrk --latency
wrk_run() {
  local threads=$(( $3 < 2 ? 1 : 2 ))
  mesh_app "$1" wrk -t"$threads" -c"$3" -d"${seconds}s" --latency "${@:4}" "http://$(mesh_ip "$2"):8080/bench" |
    awk '
      function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
      $1 == "50.000%" || $1 == "50%" { p50 = ms($2) }
      $1 == "99.000%" || $1 == "99%" { p99 = ms($2) }
      $1 == "Requests/sec:" { rps = $2 }
      $0 ~ /Non-2xx|Socket errors/ { print "wrk: " $0 > "/dev/stderr" }
      END { printf "%.3f %.3f %.0f\n", p50, p99, rps }'
}

# warm both paths (JIT in the proxies and the apps) before measuring
MESH_WARM=3
mesh_app a-0 wrk -t1 -c4 -d${MESH_WARM}s "http://$(mesh_ip b-0):8080/bench" > /dev/null
mesh_app c-0 wrk -t1 -c4 -d${MESH_WARM}s "http://$(mesh_ip d-0):8080/bench" > /dev/null

# median of the numbers on stdin
median() { sort -g | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# cpu_ticks NAME: utime + stime of the pod's proxy, in clock ticks (fields 14, 15 of /proc/PID/stat
# after the parenthesised command name)
cpu_ticks() { sed -E 's/^.*\) //' "/proc/$(cat "$MESH_DIR/pods/$1/proxy.pid")/stat" | awk '{ print $12 + $13 }'; }
hz=$(getconf CLK_TCK)

declare -A fig
for run in $(seq 1 "$runs"); do
  for c in 1 16; do
    read -r fig[d$c.p50.$run] fig[d$c.p99.$run] fig[d$c.rps.$run] < <(wrk_run c-0 d-0 "$c")
    read -r fig[m$c.p50.$run] fig[m$c.p99.$run] fig[m$c.rps.$run] < <(wrk_run a-0 b-0 "$c")
  done
  # handshakes: one new connection per request, 16 at a time; b-0's proxy accepts each as mTLS
  before=$(cpu_ticks b-0)
  read -r _ _ hrps < <(wrk_run a-0 b-0 16 -H "Connection: close")
  after=$(cpu_ticks b-0)
  fig[hs.$run]=$(awk -v r="$hrps" -v s="$seconds" -v t=$((after - before)) -v hz="$hz" \
    'BEGIN { printf "%.0f\n", (t > 0 ? r * s / (t / hz) : 0) }')
  fig[hsrps.$run]=$hrps
  read -r _ _ fig[hsdirect.$run] < <(wrk_run c-0 d-0 16 -H "Connection: close")
done
med() { for run in $(seq 1 "$runs"); do echo "${fig[$1.$run]}"; done | median; }

{
  echo "Bollard mesh data plane (two proxies, mTLS) vs a direct connection, same run; wrk ${seconds}s per line, median of $runs runs"
  for c in 1 16; do
    label=$([ "$c" = 1 ] && echo "1 connection:  " || echo "16 connections:")
    awk -v l="$label" -v mp50="$(med m$c.p50)" -v mp99="$(med m$c.p99)" -v mrps="$(med m$c.rps)" \
        -v dp50="$(med d$c.p50)" -v dp99="$(med d$c.p99)" -v drps="$(med d$c.rps)" '
      function r(a, b) { return b > 0 ? sprintf("%.1fx", a / b) : "n/a" }
      BEGIN {
        printf "%s p50 %.3f ms = %s direct (%.3f ms)  p99 %.3f ms = %s direct (%.3f ms)\n", l, mp50, r(mp50, dp50), dp50, mp99, r(mp99, dp99), dp99
        printf "                %d req/s = %s direct (%d req/s)\n", mrps, r(mrps, drps), drps
      }'
  done
  echo "mTLS handshakes: $(med hsrps) new connections/s through the pair at 16 connections (direct: $(med hsdirect)/s)," \
    "$(med hs) per CPU-second of the inbound proxy (relay and app connection included)"
  echo "idle VmRSS (before any traffic, larger of the two proxies): $rss_mb MiB"
} | tee "$out"

# the issue-15 keys, 16 connections; added = mesh minus direct
awk -v drps="$(med d16.rps)" -v mrps="$(med m16.rps)" -v dp50="$(med d16.p50)" -v mp50="$(med m16.p50)" \
    -v dp99="$(med d16.p99)" -v mp99="$(med m16.p99)" -v hs="$(med hs)" -v rss="$rss_mb" 'BEGIN {
  printf "{\"proxy.direct_rps\": %.0f, \"proxy.mesh_rps\": %.0f, \"proxy.ratio\": %.3f, ", drps, mrps, (drps > 0 ? mrps / drps : 0)
  printf "\"proxy.added_p50_ms\": %.3f, \"proxy.added_p99_ms\": %.3f, ", mp50 - dp50, mp99 - dp99
  printf "\"proxy.handshakes_per_s\": %.0f, \"proxy.rss_mb\": %.1f}\n", hs, rss
}' > "$json"
echo "wrote $json"
