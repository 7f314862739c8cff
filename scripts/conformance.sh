#!/usr/bin/env bash
# make conformance: start the control plane as `make run` does (bin/bollard dev) on a free loopback
# port with a throwaway dev dir, replay the peers' own test suites from $CONFORMANCE_DIR against it,
# and compare each suite's "N passed, N failed" with conformance-baseline.txt. Istio's injection
# suite is also compared pod by pod (decision, capture, probes, proxy placement) with the list of
# known, deliberate differences in conformance-known-differences.tsv: see below.
#
# A ratchet, not a wall: the suites measure gaps that later work closes, so this fails only when a
# suite does worse than its baseline (fewer passed or more failed), and says so when one does better.
# The suites are read where they live (the workplace's shared folder), never copied into the repo;
# a clone without that folder fails loudly (exit 2), or skips with CONFORMANCE_OPTIONAL=1.
#
# Env: CONFORMANCE_DIR (default ../shared/conformance, relative to the repo root),
#      CONFORMANCE_BASELINE (default conformance-baseline.txt), CONFORMANCE_KNOWN_DIFFERENCES
#      (default conformance-known-differences.tsv), CONFORMANCE_OUT (default
#      target/conformance: each suite's full log, the server log, the inject suite's results.json).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
conf="${CONFORMANCE_DIR:-../shared/conformance}"
case "$conf" in /*) ;; *) conf="$root/$conf" ;; esac
baseline="${CONFORMANCE_BASELINE:-$root/conformance-baseline.txt}"
known="${CONFORMANCE_KNOWN_DIFFERENCES:-$root/conformance-known-differences.tsv}"
out="${CONFORMANCE_OUT:-$root/target/conformance}"

# A missing suite directory fails: a green `make conformance` must mean the suites ran.
# CONFORMANCE_OPTIONAL=1 (a clone without ../shared) turns that into a loud skip.
if [ ! -d "$conf" ]; then
  echo "!!! make conformance: $conf does not exist: the conformance suites DID NOT RUN (nothing was measured)" >&2
  if [ "${CONFORMANCE_OPTIONAL:-0}" = 1 ]; then
    exit 0
  fi
  echo "    set CONFORMANCE_DIR to the suites, or CONFORMANCE_OPTIONAL=1 to skip them" >&2
  exit 2
fi

# ---- tools ---------------------------------------------------------------------------------
# The suites call `python3` (inject, validate) or $PY (hostile) and need PyYAML, h2, grpcio and
# grpc_tools. A pyenv or venv python3 first on PATH often lacks them while Debian's has them
# (python3-yaml python3-h2 python3-grpcio python3-grpc-tools), so pick the first interpreter that
# has all four and put it first on PATH as python3.
py=""
for cand in /usr/bin/python3 "$(command -v python3 || true)"; do
  [ -n "$cand" ] && [ -x "$cand" ] || continue
  if "$cand" -c 'import yaml, h2, grpc, grpc_tools' 2>/dev/null; then py="$cand"; break; fi
done
missing=()
[ -n "$py" ] || missing+=("python3 with PyYAML, h2, grpcio, grpc_tools (Debian: python3-yaml python3-h2 python3-grpcio python3-grpc-tools)")
for tool in kubectl curl jq openssl java; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  printf 'make conformance: missing: %s\n' "${missing[@]}" >&2
  exit 1
fi

rm -rf "$out"
mkdir -p "$out"
work="$(mktemp -d "${TMPDIR:-/tmp}/bollard-conformance.XXXXXX")"
mkdir -p "$work/bin" "$work/dev"
ln -s "$py" "$work/bin/python3"
export PATH="$work/bin:$PATH"
export PY="$py"

# ---- the server ----------------------------------------------------------------------------
port="$("$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
url="https://127.0.0.1:$port"
dev="$work/dev"
server=""
stop_server() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server" 2>/dev/null || true
    # readiness drains for 5 s, then in-flight requests get up to 20 s (README: Shutdown)
    for _ in $(seq 1 60); do kill -0 "$server" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  server=""
}
suite=""
cleanup() {
  [ -z "$suite" ] || { kill -TERM "$suite" 2>/dev/null; wait "$suite" 2>/dev/null; } || true
  stop_server
  [ -f "$work/server.log" ] && cp "$work/server.log" "$out/server.log"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== make conformance: suites from $conf, server $url (dev dir $dev)"
BOLLARD_DEV_DIR="$dev" BOLLARD_HOST=127.0.0.1 BOLLARD_PORT="$port" bin/bollard dev >"$work/server.log" 2>&1 &
server=$!   # bin/bollard dev execs java: this is the server's own pid
ready=""
for _ in $(seq 1 240); do
  if ! kill -0 "$server" 2>/dev/null; then break; fi
  if [ -f "$dev/root-cert.pem" ] &&
     curl -sf -m 2 --cacert "$dev/root-cert.pem" "$url/q/health/ready" >/dev/null 2>&1; then ready=1; break; fi
  sleep 0.5
done
if [ -z "$ready" ]; then
  echo "make conformance: the server did not become ready on $url within 120 s; its log:" >&2
  tail -50 "$work/server.log" >&2
  exit 1
fi
echo "== ready after $SECONDS s"

# ---- the suites ----------------------------------------------------------------------------
# suite name -> "passed failed skipped seconds", or "none" when no summary line came out
declare -A result=()
names=()
run_suite() {
  local name="$1"; shift
  local log="$out/$name.log" start=$SECONDS line
  names+=("$name")
  echo "== $name: $* (log: ${log#"$root"/})"
  # the suites exit 1 when any case fails: that is what the baseline is for, not an error here.
  # In the background with `wait`, so a signal to this script stops the suite and the server now.
  timeout 900 "$@" >"$log" 2>&1 &
  suite=$!
  wait "$suite" || true
  suite=""
  grep -E '^FAIL' "$log" | sed 's/^/   /' || true
  line="$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1 || true)"
  if [ -z "$line" ]; then
    echo "   no 'N passed, N failed' line; last lines of the log:"; tail -5 "$log" | sed 's/^/   /'
    result[$name]="none"
    return
  fi
  echo "   $line ($((SECONDS - start)) s)"
  local p f s
  p="$(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$line")"
  f="$(sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"$line")"
  s="$(sed -nE 's/.*, ([0-9]+) skipped.*/\1/p' <<<"$line")"
  result[$name]="$p $f ${s:--} $((SECONDS - start))"
}

OUT="$out/istio-inject" run_suite istio-inject "$conf/istio-inject/run.sh" "$url/inject"
# The suite's line needs the decision and every capture argument to match; the decision alone
# (inject / skip / deny) gets its own ratchet from the suite's results.json, over the same cases
# it counts, so a wrong decision shows up even while capture differences fail the combined check.
decisions="$out/istio-inject/results.json"
names+=(istio-inject-decisions)
if [ -f "$decisions" ] && counts="$(jq -r '[.[] | select(.config == "default" or .config == "error"
      or .config == "default-equivalent")] | "\(map(select(.decision_match)) | length) \(map(select(.decision_match | not)) | length)"' \
      "$decisions" 2>/dev/null)"; then
  jq -r '.[] | select((.config == "default" or .config == "error" or .config == "default-equivalent")
      and (.decision_match | not)) | "   FAIL \(.case) doc\(.doc) istio=\(.istio) bollard=\(.bollard)"' "$decisions" || true
  echo "   istio-inject-decisions: ${counts% *} passed, ${counts#* } failed"
  result[istio-inject-decisions]="$counts - -"
else
  result[istio-inject-decisions]="none"
fi
# Per pod, not a count: every difference from Istio's pod in decision, capture, probes or proxy
# placement must be listed, with its reason, in $known; an unlisted one fails, and so does a listed
# one that no longer occurs (stale), so the list stays exactly the differences we mean to have.
per_pod="none"
if [ -f "$decisions" ] && [ -f "$known" ]; then
  if "$py" "$root/scripts/conformance-differences.py" "$decisions" "${known#"$root"/}" >"$out/istio-inject/differences.txt" 2>&1; then
    per_pod="ok"
  else
    per_pod="failed"
  fi
fi
run_suite istio-validate "$conf/istio-validate/run.sh" "$url/validate"
run_suite istio-validate-docs "$conf/istio-validate/run.sh" "$url/validate" "$conf/istio-validate/docs-cases"
DEV_DIR="$dev" PID="$server" run_suite hostile "$conf/hostile/hostile.sh" "$url"

stop_server

# ---- the ratchet ---------------------------------------------------------------------------
declare -A min_passed=() max_failed=()
if [ -f "$baseline" ]; then
  while read -r name p f _; do
    case "$name" in ''|'#'*) continue ;; esac
    min_passed[$name]="$p"; max_failed[$name]="$f"
  done <"$baseline"
else
  echo "make conformance: no baseline file $baseline" >&2
fi

regressions=()
better=()
echo
printf '%-22s %7s %7s %8s %10s  %s\n' suite passed failed skipped baseline status
printf '%-22s %7s %7s %8s %10s  %s\n' ---------------------- ------- ------- -------- ---------- ------
for name in "${names[@]}"; do
  base="${min_passed[$name]:-}"
  shown="${base:+>=${min_passed[$name]}/<=${max_failed[$name]}}"
  if [ "${result[$name]}" = none ]; then
    printf '%-22s %7s %7s %8s %10s  %s\n' "$name" - - - "${shown:--}" "REGRESSION: no summary line"
    regressions+=("$name (no 'N passed, N failed' came out; see ${out#"$root"/}/)")
    continue
  fi
  read -r p f s secs <<<"${result[$name]}"
  if [ -z "$base" ]; then
    status="REGRESSION: no baseline line"
    regressions+=("$name (no line in ${baseline#"$root"/}; add: $name $p $f)")
  elif [ "$p" -lt "${min_passed[$name]}" ] || [ "$f" -gt "${max_failed[$name]}" ]; then
    status="REGRESSION"
    regressions+=("$name ($p passed, $f failed; baseline at least ${min_passed[$name]} passed, at most ${max_failed[$name]} failed)")
  elif [ "$p" -gt "${min_passed[$name]}" ] || [ "$f" -lt "${max_failed[$name]}" ]; then
    status="better: raise the baseline"
    better+=("$name $p $f")
  else
    status="ok"
  fi
  [ "$secs" = - ] || status="$status ($secs s)"
  printf '%-22s %7s %7s %8s %10s  %s\n' "$name" "$p" "$f" "$s" "$shown" "$status"
done
echo "(total $SECONDS s; logs in ${out#"$root"/}/)"

echo
case "$per_pod" in
  none)
    if [ ! -f "$known" ]; then
      regressions+=("istio-inject per pod: no list of known differences ${known#"$root"/}")
    else
      regressions+=("istio-inject per pod: the suite wrote no ${decisions#"$root"/}")
    fi
    ;;
  *)
    echo "istio-inject, pod by pod against Istio (${known#"$root"/}):"
    cat "$out/istio-inject/differences.txt"
    [ "$per_pod" = ok ] || regressions+=("istio-inject per pod: a difference from Istio not in ${known#"$root"/}, or a stale line there (UNEXPECTED / STALE above)")
    ;;
esac

if [ ${#better[@]} -gt 0 ]; then
  echo
  echo "Better than the baseline: raise it in ${baseline#"$root"/} so the gain is kept:"
  printf '  %s\n' "${better[@]}"
fi
if [ ${#regressions[@]} -gt 0 ]; then
  echo
  echo "make conformance: REGRESSION against ${baseline#"$root"/}:" >&2
  printf '  %s\n' "${regressions[@]}" >&2
  exit 1
fi
echo "make conformance: no suite below its baseline"
