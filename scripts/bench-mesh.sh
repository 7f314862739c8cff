#!/usr/bin/env bash
# make bench, second part: what two proxies add to a request. In one run, on one bridge:
#   mesh:   wrk in a-0's app -> a-0's proxy -> mTLS -> b-0's proxy -> b-0's app (both meshed)
#   direct: wrk in c-0 -> d-0's app (no capture rules, no proxies)
# Same app (scripts/MeshApp.java), same wrk, 1 and 16 connections; reports p50/p99 latency and
# req/s, and each as a ratio to the direct baseline. MESH_BENCH_SECONDS (default 10) per run.
set -euo pipefail
. "$(dirname "$0")/mesh-lib.sh"
if [ "$(id -u)" != 0 ]; then
  echo "mesh benchmark: SKIPPED (needs root for network namespaces; run 'sudo make bench')"
  exit 0
fi
mesh_require "mesh benchmark" wrk
trap mesh_cleanup EXIT
seconds=${MESH_BENCH_SECONDS:-10}
out=${MESH_BENCH_OUT:-$MESH_ROOT/target/bench/mesh.txt}
mkdir -p "$(dirname "$out")"

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

# wrk_run FROM TO CONNECTIONS: "p50_ms p99_ms req_per_s" from wrk --latency
wrk_run() {
  local threads=$(( $3 < 2 ? 1 : 2 ))
  mesh_app "$1" wrk -t"$threads" -c"$3" -d"${seconds}s" --latency "http://$(mesh_ip "$2"):8080/bench" |
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

{
  echo "Bollard mesh data plane (two proxies, mTLS) vs a direct connection, same run; wrk ${seconds}s per line"
  for c in 1 16; do
    read -r dp50 dp99 drps < <(wrk_run c-0 d-0 "$c")
    read -r mp50 mp99 mrps < <(wrk_run a-0 b-0 "$c")
    label=$([ "$c" = 1 ] && echo "1 connection:  " || echo "16 connections:")
    awk -v l="$label" -v mp50="$mp50" -v mp99="$mp99" -v mrps="$mrps" -v dp50="$dp50" -v dp99="$dp99" -v drps="$drps" '
      function r(a, b) { return b > 0 ? sprintf("%.1fx", a / b) : "n/a" }
      BEGIN {
        printf "%s p50 %.3f ms = %s direct (%.3f ms)  p99 %.3f ms = %s direct (%.3f ms)\n", l, mp50, r(mp50, dp50), dp50, mp99, r(mp99, dp99), dp99
        printf "                %d req/s = %s direct (%d req/s)\n", mrps, r(mrps, drps), drps
      }'
  done
} | tee "$out"
