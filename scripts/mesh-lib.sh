# shellcheck shell=bash
# A small mesh out of Linux network namespaces, from the packaged build (make build); sourced by
# scripts/demo.sh and scripts/bench-mesh.sh. The Java harness for `make test` is
# e2e/src/test/java/dev/bollard/e2e/MeshNetwork.java; this is the same layout for a person to run:
#   router namespace: bridge br0 10.250.0.1/24 and the control plane (bin/bollard dev) on :443
#   one namespace per pod on a veth into the bridge, 10.250.0.N, default route via the router;
#   a meshed pod gets bin/init-iptables with the args /inject renders for it, and bin/bollard
#   proxy as uid 1337; every app runs as uid 1001 and knows nothing about the mesh.
# Needs root, iproute2, iptables, curl, jq, java. mesh_cleanup (set as an EXIT trap) undoes it all.

MESH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MESH_SUBNET=10.250.0
MESH_ROUTER_IP=$MESH_SUBNET.1
MESH_CA_HOST=bollard.bollard-system.svc
MESH_CA_URL=https://$MESH_CA_HOST:443
# MESH_PROXY_LAUNCHER runs the mesh with another build's launcher (it gets "proxy FLAGS...")
MESH_PROXY_LAUNCHER=${MESH_PROXY_LAUNCHER:-$MESH_ROOT/bin/bollard}
MESH_APP_UID=1001
MESH_PROXY_UID=1337
MESH_PIDS=()
MESH_NAMESPACES=()

mesh_require() {
  if [ "$(id -u)" != 0 ]; then
    echo "$1 needs root (network namespaces, iptables, tcpdump): run it with sudo" >&2
    exit 1
  fi
  local missing=()
  for tool in ip iptables-restore curl jq java javac setpriv "${@:2}"; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "$1: missing ${missing[*]} (.ci/run installs them)" >&2
    exit 1
  fi
  if [ ! -f "$MESH_ROOT/webhook/target/quarkus-app/quarkus-run.jar" ] || [ ! -f "$MESH_ROOT/proxy/target/proxy.jar" ]; then
    echo "$1: the packaged build is missing; run 'make build' first" >&2
    exit 1
  fi
}

# mesh_init PREFIX: temp dir, router namespace with the bridge, control plane started (not awaited)
mesh_init() {
  MESH_PREFIX=$1-$$
  MESH_DIR=$(mktemp -d "/tmp/$1.XXXXXX")
  chmod 755 "$MESH_DIR"
  mkdir -p "$MESH_DIR/dev/mesh"
  printf '# token,namespace,serviceaccount\n' > "$MESH_DIR/dev/tokens.csv"
  : > "$MESH_DIR/dev/mesh/pods.yaml"
  : > "$MESH_DIR/dev/mesh/peer-authentication.yaml"
  javac -d "$MESH_DIR/app" "$MESH_ROOT/scripts/MeshApp.java"
  chmod -R a+rX "$MESH_DIR/app"
  mesh_netns router
  MESH_ROUTER=$(mesh_ns router)
  ip -n "$MESH_ROUTER" link add br0 type bridge
  ip -n "$MESH_ROUTER" addr add "$MESH_ROUTER_IP/24" dev br0
  ip -n "$MESH_ROUTER" link set br0 up
  mesh_spawn "$MESH_DIR/control-plane.log" ip netns exec "$MESH_ROUTER" \
    env BOLLARD_HOST="$MESH_ROUTER_IP" BOLLARD_PORT=443 BOLLARD_DEV_DIR="$MESH_DIR/dev" \
    BOLLARD_JAVA_OPTS="-Xmx256m -XX:+UseSerialGC" "$MESH_ROOT/bin/bollard" dev
  MESH_CONTROL_PLANE_PID=$MESH_LAST_PID
}

# mesh_netns ROLE: creates namespace $MESH_PREFIX-ROLE (not in a subshell: the list feeds mesh_cleanup)
mesh_netns() {
  local name=$MESH_PREFIX-$1
  MESH_NAMESPACES+=("$name")
  ip netns add "$name"
  ip -n "$name" link set lo up
}

# mesh_spawn LOG COMMAND...: runs COMMAND in its own process group, remembered for mesh_cleanup
mesh_spawn() {
  local log=$1
  shift
  setsid "$@" > "$log" 2>&1 < /dev/null &
  MESH_LAST_PID=$!
  MESH_PIDS+=("$MESH_LAST_PID")
  disown "$MESH_LAST_PID" # mesh_cleanup ends it; no "Killed" job report from bash
}

# mesh_curl_cp METHOD PATH [BODY]: HTTPS to the control plane from inside the router, trusting only the dev root
mesh_curl_cp() {
  ip netns exec "$MESH_ROUTER" curl -sS --fail -m 10 --cacert "$MESH_DIR/dev/root-cert.pem" \
    --resolve "localhost:443:$MESH_ROUTER_IP" -X "$1" -H 'Content-Type: application/json' \
    ${3:+--data-binary "$3"} "https://localhost:443$2"
}

mesh_wait_control_plane() {
  for _ in $(seq 1 240); do
    if [ -f "$MESH_DIR/dev/root-cert.pem" ] && mesh_curl_cp GET /q/health/ready >/dev/null 2>&1; then
      return 0
    fi
    kill -0 "$MESH_CONTROL_PLANE_PID" 2>/dev/null || { cat "$MESH_DIR/control-plane.log" >&2; return 1; }
    sleep 0.5
  done
  echo "control plane not ready in 120 s" >&2
  cat "$MESH_DIR/control-plane.log" >&2
  return 1
}

# mesh_pod NAME NAMESPACE SERVICEACCOUNT INDEX: namespace NAME on the bridge at 10.250.0.INDEX, app started
mesh_pod() {
  local name=$1 ns
  mesh_netns "$name"
  ns=$(mesh_ns "$name")
  mkdir -p "/etc/netns/$ns" "$MESH_DIR/pods/$name"
  printf '127.0.0.1 localhost\n%s %s\n' "$MESH_ROUTER_IP" "$MESH_CA_HOST" > "/etc/netns/$ns/hosts"
  ip -n "$MESH_ROUTER" link add "vh-$name" type veth peer name eth0 netns "$ns"
  ip -n "$MESH_ROUTER" link set "vh-$name" master br0 up
  ip -n "$ns" addr add "$MESH_SUBNET.$4/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" route add default via "$MESH_ROUTER_IP"
  mesh_spawn "$MESH_DIR/pods/$name/app.log" ip netns exec "$ns" \
    setpriv --reuid=$MESH_APP_UID --regid=$MESH_APP_UID --clear-groups \
    java -Xmx32m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$MESH_DIR/app" MeshApp "$name" 8080 9090
  printf '%s %s %s %s\n' "$name" "$2" "$3" "$MESH_SUBNET.$4" >> "$MESH_DIR/pods.txt"
}

mesh_ns() { echo "$MESH_PREFIX-$1"; }
mesh_ip() { awk -v n="$1" '$1 == n { print $4 }' "$MESH_DIR/pods.txt"; }

# mesh_pod_object NAME: the Pod as JSON (no status), as the API server sends it to /inject
mesh_pod_object() {
  read -r name namespace sa ip < <(awk -v n="$1" '$1 == n' "$MESH_DIR/pods.txt")
  jq -nc --arg n "$name" --arg ns "$namespace" --arg sa "$sa" '{apiVersion:"v1",kind:"Pod",
    metadata:{name:$n,namespace:$ns,labels:{app:$n,"security.istio.io/tlsMode":"istio"}},
    spec:{serviceAccountName:$sa,containers:[{name:"app",image:"mesh-app",
      ports:[{containerPort:8080,protocol:"TCP"},{containerPort:9090,protocol:"TCP"}]}]}}'
}

# mesh_list_pods NAME...: mesh/pods.yaml lists these pods with their IPs (JSON is YAML)
mesh_list_pods() {
  local out="$MESH_DIR/dev/mesh/.pods.tmp"
  : > "$out"
  for name in "$@"; do
    echo '---' >> "$out"
    mesh_pod_object "$name" | jq --arg ip "$(mesh_ip "$name")" \
      '.metadata.creationTimestamp = "2026-01-01T00:00:00Z" | .status = {phase:"Running",podIP:$ip,podIPs:[{ip:$ip}]}' >> "$out"
  done
  mv "$out" "$MESH_DIR/dev/mesh/pods.yaml"
}

# mesh_peer_authentication NAMESPACE MODE: one namespace-wide policy (MODE "" removes every policy)
mesh_peer_authentication() {
  local out="$MESH_DIR/dev/mesh/.pa.tmp"
  if [ -z "$2" ]; then : > "$out"; else
    jq -n --arg ns "$1" --arg mode "$2" '{apiVersion:"security.istio.io/v1",kind:"PeerAuthentication",
      metadata:{name:"default",namespace:$ns,creationTimestamp:"2026-01-01T00:00:00Z"},spec:{mtls:{mode:$mode}}}' > "$out"
  fi
  mv "$out" "$MESH_DIR/dev/mesh/peer-authentication.yaml"
}

# mesh_init_args NAME: the istio-init args the control plane's /inject renders for the pod
mesh_init_args() {
  local review
  review=$(mesh_pod_object "$1" | jq -c --arg ns "$(awk -v n="$1" '$1 == n { print $2 }' "$MESH_DIR/pods.txt")" \
    '{apiVersion:"admission.k8s.io/v1",kind:"AdmissionReview",request:{uid:"demo",kind:{group:"",version:"v1",kind:"Pod"},
      resource:{group:"",version:"v1",resource:"pods"},namespace:$ns,operation:"CREATE",object:.}}')
  mesh_curl_cp POST /inject "$review" | jq -r .response.patch | base64 -d |
    jq -r '[.. | objects | select(.name? == "istio-init") | .args[]] | .[]'
}

# mesh_sidecar NAME [PROXY FLAGS...]: capture rules as injected, a token, then bin/bollard proxy as uid 1337
mesh_sidecar() {
  local name=$1 ns dir
  shift
  ns=$(mesh_ns "$name")
  dir=$MESH_DIR/pods/$name
  read -r _ namespace sa ip < <(awk -v n="$name" '$1 == n' "$MESH_DIR/pods.txt")
  mapfile -t args < <(mesh_init_args "$name")
  ip netns exec "$ns" "$MESH_ROOT/bin/init-iptables" "${args[@]}" > "$dir/init-iptables.log" 2>&1 ||
    { cat "$dir/init-iptables.log" >&2; return 1; }
  echo "${args[*]}" > "$dir/init-args"
  local token
  token=tok-$name-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
  echo "$token,$namespace,$sa" >> "$MESH_DIR/dev/tokens.csv"
  echo "$token" > "$dir/token"
  cp "$MESH_DIR/dev/root-cert.pem" "$dir/root-cert.pem"
  mkdir -p "$dir/out"
  chown -R $MESH_PROXY_UID:$MESH_PROXY_UID "$dir"
  mesh_spawn "$dir/proxy.log" ip netns exec "$ns" \
    setpriv --reuid=$MESH_PROXY_UID --regid=$MESH_PROXY_UID --clear-groups env HOME="$dir" \
    "$MESH_PROXY_LAUNCHER" proxy --ca "$MESH_CA_URL" --root-cert "$dir/root-cert.pem" --token-file "$dir/token" \
    --out "$dir/out" --pod-name "$name" --pod-namespace "$namespace" --instance-ip "$ip" --service-account "$sa" "$@"
  echo "$MESH_LAST_PID" > "$dir/proxy.pid"
}

# mesh_wait_ready NAME...: each app says READY, each sidecar answers 200 on :15021/healthz/ready
mesh_wait_ready() {
  for name in "$@"; do
    local dir=$MESH_DIR/pods/$name
    for i in $(seq 1 300); do
      if grep -q READY "$dir/app.log" 2>/dev/null && { [ ! -f "$dir/token" ] ||
          [ "$(ip netns exec "$(mesh_ns "$name")" curl -s -o /dev/null -w '%{http_code}' -m 2 \
                http://127.0.0.1:15021/healthz/ready)" = 200 ]; }; then
        break
      fi
      if [ "$i" = 300 ] || { [ -f "$dir/proxy.pid" ] && ! kill -0 "$(cat "$dir/proxy.pid")" 2>/dev/null; }; then
        echo "$name not ready (60 s, or its proxy exited)" >&2
        tail -20 "$dir/app.log" "$dir/proxy.log" >&2 2>/dev/null
        return 1
      fi
      sleep 0.2
    done
  done
}

# mesh_app NAME COMMAND...: COMMAND in the pod as the app uid (captured like any application)
mesh_app() {
  local ns
  ns=$(mesh_ns "$1")
  shift
  ip netns exec "$ns" setpriv --reuid=$MESH_APP_UID --regid=$MESH_APP_UID --clear-groups "$@"
}

mesh_cleanup() {
  local pid
  for pid in "${MESH_PIDS[@]}"; do
    kill -TERM -- "-$pid" 2>/dev/null || true
  done
  sleep 0.5
  for pid in "${MESH_PIDS[@]}"; do
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  for ns in "${MESH_NAMESPACES[@]}"; do
    ip netns del "$ns" 2>/dev/null || true
    rm -rf "/etc/netns/$ns"
  done
  [ -n "${MESH_DIR:-}" ] && [ -z "${MESH_KEEP:-}" ] && rm -rf "$MESH_DIR"
  return 0
}
