#!/usr/bin/env bash
# The --dry-run diff is what a run writes: for every fixture that converts
# (testdata/convert/*/ with expected.yaml), the diff of `--dry-run`, applied
# with `patch -p1` to a copy of the input, gives the file the run without
# --dry-run writes, byte for byte (one-line JSON, flow lists, CRLF, CR and
# missing final newlines included).
#
# Diffs mask secrets as ***, so a fixture whose diff masks something cannot
# apply; it is skipped and counted (the fuzz target checks those cases with
# an unmasked diff, tests/fuzz/fuzz_convert.c).
#
# usage: tests/patch.sh PATH/TO/kubeconvert [testdata/convert]
# Closes with "N passed, M failed"; exits 1 if any check failed.
set -eu

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: $0 PATH/TO/kubeconvert [CASES_DIR]" >&2
	exit 2
fi
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
need_bin "$1"
cases_dir=${2:-$(dirname "$0")/../testdata/convert}
cases_dir=$(cd "$cases_dir" && pwd)

if ! command -v patch >/dev/null 2>&1; then
	echo "skip: patch not found, dry-run diffs not applied"
	echo "0 passed, 0 failed"
	exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT HUP INT TERM

masked=0

# run DIR ARG...: the binary in DIR with the case's environment; rc set.
run() {
	local dir=$1
	shift
	rc=0
	(cd "$dir" && exec env -i PATH="$PATH" HOME="$dir" ${envs[@]+"${envs[@]}"} "$bin" "$@") \
		</dev/null >"$dir.stdout" 2>"$dir.stderr" || rc=$?
}

n=0
for d in "$cases_dir"/*/; do
	d=${d%/}
	name=${d##*/}
	[ -f "$d/expected.yaml" ] && [ -f "$d/args" ] || continue
	[ ! -f "$d/status" ] || [ "$(cat "$d/status")" = 0 ] || continue
	n=$((n + 1))
	read_lines "$d/args"
	args=(${lines[@]+"${lines[@]}"})
	read_lines "$d/env"
	envs=(${lines[@]+"${lines[@]}"})

	# the dry run, then the diff applied to a copy of the input
	dry=$work/$n-dry
	mkdir "$dry"
	cp "$d/input.yaml" "$dry/config"
	if [ -d "$d/extra" ]; then cp -R "$d/extra/." "$dry/"; fi
	run "$dry" --dry-run "${args[@]}"
	if [ "$rc" != 0 ]; then
		failed=$((failed + 1))
		echo "FAIL: $name: --dry-run exits $rc"
		sed 's/^/    /' "$dry.stderr" | head -n 5
		continue
	fi
	if grep -qF '***' "$dry.stdout"; then
		masked=$((masked + 1))
		continue
	fi
	if ! cmp -s "$dry/config" "$d/input.yaml"; then
		failed=$((failed + 1))
		echo "FAIL: $name: --dry-run changed the file"
		continue
	fi
	if ! (cd "$dry" && patch -p1 -s --no-backup-if-mismatch <"$dry.stdout") >"$dry.patch" 2>&1; then
		failed=$((failed + 1))
		echo "FAIL: $name: the --dry-run diff does not apply"
		sed 's/^/    /' "$dry.patch" | head -n 5
		continue
	fi

	# the run itself
	real=$work/$n-real
	mkdir "$real"
	cp "$d/input.yaml" "$real/config"
	if [ -d "$d/extra" ]; then cp -R "$d/extra/." "$real/"; fi
	run "$real" "${args[@]}"
	if [ "$rc" = 0 ] && cmp -s "$dry/config" "$real/config"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: $name: the patched input differs from what the run writes (exit $rc)"
		cmp "$real/config" "$dry/config" 2>&1 | sed 's/^/    /' || true
	fi
done
[ "$n" -gt 0 ] || {
	echo "FAIL: no converting fixture under $cases_dir"
	failed=$((failed + 1))
}
echo "skip: $masked of $n fixtures mask a secret in the diff, not applied"
summary
