# Bollard: the commands a person needs. `make run` and `make test` are the two that matter.
MVN ?= mvn -B -ntp
APP_JAR := webhook/target/quarkus-app/quarkus-run.jar
SOURCES := pom.xml $(shell find webhook init-iptables sidecar-template identity proxy -name target -prune -o -type f -print 2>/dev/null)

.PHONY: build run check test fuzz conformance update-golden manifests bench bench-jmh demo clean images pin-images proxy-rss webhook-rss

build: $(APP_JAR)

$(APP_JAR): $(SOURCES)
	$(MVN) -DskipTests package
	@touch $(APP_JAR)
	@# after the touch: the archive records the jars' times and is ignored once they change
	bin/bollard appcds

## run the webhook locally: dev CA + serving certificate under .bollard-dev/, https://127.0.0.1:8443
run: build
	bin/bollard dev

## the unit tests alone, the fast answer while editing (under a minute on an idle 2-core machine):
## every module but e2e, two at a time, without the tests that boot Quarkus (webhook's UnitTestsOnly),
## the ones tagged "slow" (they wait in real time or need root) and the fuzz seed replays (Jazzer's
## tag "jazzer", a JVM of their own per module); `make test` runs all of those, run it before pushing
check:
	$(MVN) -T 2 test -Dbollard.tests=unit -Djunit.jupiter.extensions.autodetection.enabled=true \
	  -DexcludedGroups=slow,jazzer -pl '!e2e'

## every test: unit, Quarkus, golden, and end-to-end (kubectl, openssl, ip netns when root)
test:
	$(MVN) verify

## each Jazzer fuzz test in fuzzing mode for FUZZ_TIME (default 60s; `make test` only replays
## their seeds and crash files); FUZZ_TARGETS="Pem|ClientHello" picks some (scripts/fuzz.sh)
FUZZ_TIME ?= 60s
fuzz:
	FUZZ_TIME="$(FUZZ_TIME)" FUZZ_TARGETS="$(FUZZ_TARGETS)" MVN="$(MVN)" scripts/fuzz.sh

## Istio's injection and validation tests and a hostile-input suite (from CONFORMANCE_DIR, the
## workplace's shared folder) against `bin/bollard dev` on a free port; fails only below
## conformance-baseline.txt (a ratchet: raise it when a suite does better)
CONFORMANCE_DIR ?= ../shared/conformance
conformance: build
	CONFORMANCE_DIR="$(CONFORMANCE_DIR)" scripts/conformance.sh

## rewrite golden files from the current output (review the diff before committing)
update-golden:
	$(MVN) verify -Dgolden.update=true

## the performance figures over the wire (README "Performance"): 1,000 feed streams against one
## control plane (~3 min, webhook/target/bench/feed-scale.txt), then (as root) what two proxies add
## to a request (scripts/bench-mesh.sh, target/bench/proxy.json), then the packaged webhook and an
## nginx driven over TLS by wrk and h2load, each figure beside a same-run baseline (scripts/bench.sh,
## ~12 min; BENCH_SECONDS=10 per measurement, BENCH_WARM_SECONDS=20 per path, BENCH_RUNS=3), which
## writes target/bench/results.json and results.md with proxy.json merged in
bench: build
	$(MVN) -q -pl webhook -am test -Dtest=MeshFeedScaleTest -Dbench.feed=true -Dsurefire.failIfNoSpecifiedTests=false
	rm -f target/bench/proxy.json
	scripts/bench-mesh.sh
	scripts/bench.sh

## JMH benchmarks of the hot paths in process, each as a ratio to a baseline from the same run
## (~3-5 min); BENCH_ARGS takes JMH options, e.g. BENCH_ARGS="-f 2 -i 5 Issuance";
## results in target/bench/jmh.json and jmh-summary.txt
BENCH_ARGS ?=
bench-jmh: build
	$(MVN) -q -Pbench -pl webhook -am test -DskipTests -Dbench.args="$(BENCH_ARGS)"

## the mesh on one Linux machine, no cluster (root): a request over mTLS, the peer identity,
## TLS on the wire, STRICT refusing plaintext; cleans up after itself (~1 min)
demo:
	@if [ "$$(id -u)" != 0 ]; then \
	  echo "make demo needs root (network namespaces, iptables, tcpdump): run 'sudo make demo'" >&2; exit 1; fi
	@$(MAKE) --no-print-directory build
	scripts/demo.sh

## footprint of an idle sidecar proxy with the image's JVM options (throwaway control plane,
## ~90 s): start-to-ready, VmRSS/RssAnon/RssFile after 30 s idle, the NMT summary
proxy-rss: build
	scripts/proxy-rss.sh

## resident memory of the packaged webhook under 2,000 TLS connections with the Deployment's JVM
## options and memory limit (h2load; ~2 min): peak and final RSS, the NMT summary
webhook-rss: build
	scripts/webhook-rss.sh

manifests:
	kubectl kustomize manifests/

## container images from the built artifacts: webhook, sidecar proxy, init-iptables
## (needs docker or podman with a running engine; ENGINE=... IMAGE_REPO=... IMAGE_TAG=... to override)
ENGINE ?= $(shell command -v docker 2>/dev/null || command -v podman 2>/dev/null)
IMAGE_REPO ?= ghcr.io/bollard
# the release the pom names (its first <version>, without -SNAPSHOT): one version source
IMAGE_TAG ?= $(shell sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1 | sed 's/-SNAPSHOT$$//')
# the base every image builds FROM, pinned by digest: base-images.lock's second column
BASE_IMAGE = $(shell awk '!/^\#/ && NF { print $$2 }' base-images.lock | head -1)
images: build
	@if ! echo "$(BASE_IMAGE)" | grep -Eq '@sha256:[0-9a-f]{64}$$'; then \
	  echo "make images: base-images.lock pins no digest for the base image; run 'make pin-images' (needs registry access) and commit the result" >&2; exit 1; fi
	@if [ -z "$(ENGINE)" ]; then \
	  echo "make images: no container engine found (docker or podman); install one or set ENGINE=" >&2; exit 1; fi
	@if ! $(ENGINE) info >/dev/null 2>&1; then \
	  echo "make images: $(ENGINE) is installed but its engine is not reachable ($(ENGINE) info failed)" >&2; exit 1; fi
	$(ENGINE) build --build-arg BASE_IMAGE=$(BASE_IMAGE) -t $(IMAGE_REPO)/webhook:$(IMAGE_TAG) -f webhook/Dockerfile webhook
	$(ENGINE) build --build-arg BASE_IMAGE=$(BASE_IMAGE) -t $(IMAGE_REPO)/proxy:$(IMAGE_TAG) -f proxy/Dockerfile proxy
	$(ENGINE) build --build-arg BASE_IMAGE=$(BASE_IMAGE) -t $(IMAGE_REPO)/init-iptables:$(IMAGE_TAG) -f init-iptables/Dockerfile init-iptables

## resolve base-images.lock's tags to the digests of their multi-arch indexes on Docker Hub (curl only)
pin-images:
	scripts/pin-images.sh

clean:
	$(MVN) clean
	rm -rf target
