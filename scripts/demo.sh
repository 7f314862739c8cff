#!/usr/bin/env bash
# make demo: the mesh on one Linux machine, no cluster. Builds a router namespace with the control
# plane and three pods (a and b meshed in namespace demo, legacy-0 without a proxy in namespace
# legacy), sends a plain HTTP request from a's app to b, and shows what the mesh did with it.
# Needs root; everything is removed on exit (MESH_KEEP=1 keeps the logs in the temp dir).
set -euo pipefail
. "$(dirname "$0")/mesh-lib.sh"
mesh_require "make demo" tcpdump
trap mesh_cleanup EXIT

if [ -t 1 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
step() { printf '\n%s== %s%s\n' "$bold" "$*" "$plain"; }
start=$(date +%s)

step "control plane: bin/bollard dev in a router namespace, listening on $MESH_ROUTER_IP:443 ($MESH_CA_HOST)"
mesh_init bollard-demo
mesh_pod a-0 demo a 2
mesh_pod b-0 demo b 3
mesh_pod legacy-0 legacy default 4
mesh_wait_control_plane
mesh_list_pods a-0 b-0
mesh_peer_authentication demo ""
echo "mesh/pods.yaml lists a-0 ($(mesh_ip a-0), sa a) and b-0 ($(mesh_ip b-0), sa b); legacy-0 ($(mesh_ip legacy-0)) has no proxy"

step "pods a-0 and b-0: bin/init-iptables with the args /inject renders, bin/bollard proxy as uid 1337"
mesh_sidecar a-0
mesh_sidecar b-0
echo "istio-init args: $(cat "$MESH_DIR/pods/a-0/init-args")"
mesh_wait_ready a-0 b-0 legacy-0
echo "both proxies ready after $(( $(date +%s) - start )) s"

step "a-0's app sends plain HTTP to b-0 ($(mesh_ip b-0):8080), tcpdump on b-0's veth"
marker=marker-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
ip netns exec "$MESH_ROUTER" tcpdump -i vh-b-0 --immediate-mode -nn -s 0 -U -w "$MESH_DIR/b.pcap" tcp \
  2> "$MESH_DIR/tcpdump.log" &
tcpdump_pid=$!
MESH_PIDS+=("$tcpdump_pid")
until grep -qs 'listening on' "$MESH_DIR/tcpdump.log"; do sleep 0.1; done
echo "\$ curl http://$(mesh_ip b-0):8080/$marker   (as uid $MESH_APP_UID in a-0)"
mesh_app a-0 curl -sS -m 10 "http://$(mesh_ip b-0):8080/$marker"
sleep 0.5
kill "$tcpdump_pid"; wait "$tcpdump_pid" 2>/dev/null || true

step "b-0's proxy logged the caller's identity (and b-0's app saw the request from 127.0.0.6)"
grep ' inbound ' "$MESH_DIR/pods/b-0/proxy.log" | tail -1
grep "$marker" "$MESH_DIR/pods/b-0/app.log"

step "what crossed the wire: TLS, not the request"
tls='tcp[((tcp[12:1] & 0xf0) >> 2):1] = 0x16 or tcp[((tcp[12:1] & 0xf0) >> 2):1] = 0x17'
echo "\$ tcpdump -r b.pcap -q '<first payload byte is a TLS record type>'"
tcpdump -r "$MESH_DIR/b.pcap" -nn -q "$tls" 2>/dev/null | head -6
echo "packets that begin a TLS record (0x16 handshake, 0x17 data): $(tcpdump -r "$MESH_DIR/b.pcap" -nn -q "$tls" \
  2>/dev/null | wc -l) of $(tcpdump -r "$MESH_DIR/b.pcap" -nn -q 2>/dev/null | grep -vc 'tcp 0$') with payload (a record may span packets)"
echo "ALPN 'bollard-mtls' in the ClientHello: $(tcpdump -r "$MESH_DIR/b.pcap" -nn -A 2>/dev/null | grep -c bollard-mtls) packet(s)"
echo "the marker '$marker' in clear: $(tcpdump -r "$MESH_DIR/b.pcap" -nn -A 2>/dev/null | grep -c "$marker") packet(s)"

step "PeerAuthentication demo/default STRICT: a plaintext client without a proxy (legacy-0) is refused"
echo "\$ curl http://$(mesh_ip b-0):8080/ from legacy-0 before: $(mesh_app legacy-0 curl -sS -m 5 "http://$(mesh_ip b-0):8080/" 2>&1)"
mesh_peer_authentication demo STRICT
echo "wrote mesh/peer-authentication.yaml: mode STRICT"
for _ in $(seq 1 25); do
  mesh_app legacy-0 curl -s -m 3 -o /dev/null "http://$(mesh_ip b-0):8080/" || break
  sleep 0.2
done
echo "\$ curl http://$(mesh_ip b-0):8080/ from legacy-0 after: $(mesh_app legacy-0 curl -sS -m 5 "http://$(mesh_ip b-0):8080/" 2>&1 || true)"
grep 'refused=' "$MESH_DIR/pods/b-0/proxy.log" | tail -1
echo "a-0 (mTLS) still gets through: $(mesh_app a-0 curl -sS -m 10 "http://$(mesh_ip b-0):8080/after-strict")"

step "done in $(( $(date +%s) - start )) s; cleaning up namespaces and processes"
