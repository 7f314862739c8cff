#!/usr/bin/env bash
# `make fuzz`: each Jazzer @FuzzTest in fuzzing mode for FUZZ_TIME (default 60s), one JVM per
# target (Jazzer fuzzes one test per run). A crash fails the run and Jazzer writes the input as
# crash-<sha1> into the target's <TestClass>Inputs/<method>/ resources dir: keep it (it becomes a
# regression case in `make test`), fix the code, and commit both. FUZZ_TARGETS narrows the list
# (a regex over the entries below); the corpus it grows stays in <module>/.cifuzz-corpus/ (ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
MVN="${MVN:-mvn -B -ntp}"
FUZZ_TIME="${FUZZ_TIME:-60s}"
targets=(
  "init-iptables CaptureFlagsFuzzTest#anyFlagsAreParsedOrRefusedWithAMessage"
  "identity PemFuzzTest#anyPemTextIsReadOrRefused"
  "identity PemFuzzTest#anyDerCertificateIsReadOrRefused"
  "proxy ClientHelloSnifferFuzzTest#anyFirstBytesGetAVerdictWithoutAnException"
  "webhook AdmissionFuzzTest#anyReviewBodyGetsAReviewOrABadRequest"
  "webhook AdmissionFuzzTest#anyPodIsInjectedOrDeniedWithAValidPatch"
  "webhook PolicyValidatorFuzzTest#anyPolicyIsValidatedTheSameWayEveryTime"
  "webhook CertificateRequestFuzzTest#anyRequestBodyGetsACertificateOrARefusal"
  "webhook CertificateRequestFuzzTest#anyCsrGetsACertificateOrARefusal"
)
failed=()
for entry in "${targets[@]}"; do
  read -r module test <<<"$entry"
  if [ -n "${FUZZ_TARGETS:-}" ] && ! [[ "$entry" =~ $FUZZ_TARGETS ]]; then continue; fi
  echo "== fuzz $module $test for $FUZZ_TIME"
  # -Dtest switches the fuzz-regression profile off: the one test runs alone in default-test
  if ! JAZZER_FUZZ=1 $MVN -q -pl "$module" -am test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
      -Djazzer.max_duration="$FUZZ_TIME"; then
    failed+=("$module $test")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: findings in: ${failed[*]} (crash files are in the tests' Inputs dirs; see README, Fuzzing)" >&2
  exit 1
fi
echo "fuzz: no findings"
