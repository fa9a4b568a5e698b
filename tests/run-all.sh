#!/bin/sh
# Run the unit tests, the fixture suite, the file-level checks (files.sh) and the
# checks that nothing shown holds a secret or raw control bytes (secrets.sh), the
# kubelogin parity table (parity.sh), what a person reads (output.sh) and the
# dry-run diffs applied with patch (patch.sh), the gcp end to end (gcp.sh) for
# each (kubeconvert, unit-tests) pair given, and close with one line: N passed,
# M failed.
set -eu
here=$(dirname "$0")
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT INT TERM
# Run one command and add up its closing "N passed, M failed" line; a runner
# that crashes, or prints no such line, counts as one failure.
run_one() {
    echo "== $1"
    if $1 >"$log" 2>&1; then rc=0; else rc=$?; fi
    grep -v '^ok' "$log" | tail -n 40
    line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1 || true)
    p=$(echo "$line" | awk '{for (i = 2; i <= NF; i++) if ($i == "passed,") n = $(i - 1)} END {print n + 0}')
    f=$(echo "$line" | awk '{for (i = 2; i <= NF; i++) if ($i == "failed") n = $(i - 1)} END {print n + 0}')
    [ -n "$line" ] || f=1
    [ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || f=1
    passed=$((passed + p))
    failed=$((failed + f))
}

while [ $# -ge 2 ]; do
    bin=$1 unit=$2
    shift 2
    for cmd in "$unit" "bash $here/fixtures.sh $bin" "bash $here/files.sh $bin" "bash $here/secrets.sh $bin" \
        "bash $here/parity.sh $bin" "bash $here/output.sh $bin" "bash $here/patch.sh $bin" "bash $here/gcp.sh $bin"; do
        run_one "$cmd"
    done
done
# Once, not per binary, each when `make check` names it: the fuzz corpus replayed
# under ASan+UBSan (KC_FUZZ_REPLAY), the fixtures under valgrind (KC_MEMCHECK, a
# wrapper script), the fixtures with every file parsed in two parts (KC_SPLIT_ALL,
# a kubeconvert built so), the kill/race/permission checks, the kubectl differential
# test, shell completion and the build and install checks (KC_SAFETY, a kubeconvert);
# the layers and state check over a build directory's objects (KC_LAYERS).
for cmd in ${KC_FUZZ_REPLAY:+"$KC_FUZZ_REPLAY $here/../testdata/fuzz"} \
    ${KC_MEMCHECK:+"bash $here/fixtures.sh $KC_MEMCHECK"} \
    ${KC_SPLIT_ALL:+"bash $here/fixtures.sh $KC_SPLIT_ALL"} \
    ${KC_SAFETY:+"bash $here/safety.sh $KC_SAFETY"} \
    ${KC_SAFETY:+"bash $here/completion.sh $KC_SAFETY"} \
    ${KC_SAFETY:+"bash $here/build.sh"} \
    ${KC_LAYERS:+"bash $here/layers.sh $KC_LAYERS"} \
    ${KC_SAFETY:+"bash $here/kubectl-diff.sh $KC_SAFETY"}; do
    run_one "$cmd"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
