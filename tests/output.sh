#!/usr/bin/env bash
# What a person reads: quiet success (one short line per changed file, a
# closing line for a batch, nothing for unchanged files), --verbose / -v and
# -q, the warning for a YAML file that is not a kubeconfig, --help one flag
# a line, "did you mean", and the JSON report's format version.
#
# usage: tests/output.sh PATH/TO/kubeconvert
#
# Closes with "N passed, M failed".
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib.sh
. "$here/lib.sh"
bin_argument "$@"
work_dir
err=$work/stderr
out=$work/stdout

# legacy_users N: a kubeconfig with N legacy azure users
legacy_users() {
	awk -v n="$1" 'BEGIN {
		print "apiVersion: v1\nkind: Config\nusers:"
		for (i = 1; i <= n; i++) {
			printf "- name: user-%d\n  user:\n    auth-provider:\n      name: azure\n", i
			printf "      config:\n        apiserver-id: s%d\n        client-id: c\n        tenant-id: t\n", i
		}
	}'
}
# run ARG...: kubeconvert in $work with a clean environment; rc, $out, $err
run() {
	rc=0
	(cd "$work" && env -i PATH="$PATH" HOME="$work" "$bin" "$@") >"$out" 2>"$err" || rc=$?
}
lines() { wc -l <"$1" | tr -d ' '; }

# ---- one file of 2000 users ----------------------------------------------------
legacy_users 2000 >"$work/fleet.orig"
cp "$work/fleet.orig" "$work/fleet.yaml"
run fleet.yaml
check "2000 users: exit 0" test "$rc" -eq 0
check "2000 users: one line" test "$(cat "$err")" = "kubeconvert: $work/fleet.yaml: converted 2000 of 2000 users"
cp "$work/fleet.orig" "$work/fleet.yaml"
run --verbose fleet.yaml
check "2000 users, --verbose: a line per user besides" test "$(lines "$err")" -eq 2001
check "2000 users, --verbose: what happened to each" \
	grep -qx "kubeconvert: $work/fleet.yaml: user \"user-2000\": legacy azure -> kubelogin devicecode" "$err"
cp "$work/fleet.orig" "$work/fleet.yaml"
run -v 2 fleet.yaml
check "2000 users, -v 2 (klog's level): as --verbose" test "$(lines "$err")" -eq 2001
cp "$work/fleet.orig" "$work/fleet.yaml"
run -v 0 fleet.yaml
check "2000 users, -v 0: as without" test "$(lines "$err")" -eq 1
cp "$work/fleet.orig" "$work/fleet.yaml"
run -q fleet.yaml
check "2000 users, -q: nothing" test ! -s "$err"
run fleet.yaml
check "2000 users, already converted: nothing" test ! -s "$err"

# ---- a batch of 200 files: 150 to convert, 50 already converted -----------------
mkdir "$work/batch"
legacy_users 3 >"$work/three.yaml"
names=()
for i in $(seq 1 200); do
	cp "$work/three.yaml" "$work/batch/$i.yaml"
	names+=("batch/$i.yaml")
done
run -q "${names[@]:150}"
run "${names[@]}"
check "batch: exit 0" test "$rc" -eq 0
check "batch: 150 report lines and the closing line" test "$(lines "$err")" -eq 151
check "batch: the closing line" test "$(tail -n 1 "$err")" = "kubeconvert: 150 files converted, 50 unchanged, 0 failed"
check "batch: nothing about the unchanged" lacks "batch/151.yaml" "$err"
check "batch: under 16 KiB of output" test "$(wc -c <"$err")" -lt 16384
for i in $(seq 1 200); do cp "$work/three.yaml" "$work/batch/$i.yaml"; done
printf 'users: [\n' >"$work/batch/7.yaml"
run --dry-run "${names[@]}" >/dev/null
check "batch --dry-run: one failure, the rest would change" \
	test "$(tail -n 1 "$err")" = "kubeconvert: 199 files would change, 0 unchanged, 1 failed"
check "batch --dry-run: the error names the file" grep -q "^kubeconvert: error: batch/7.yaml:" "$err"
run -q --dry-run "${names[@]}"
check "batch -q: the error only" test "$(lines "$err")" -eq 1

# ---- not a kubeconfig -----------------------------------------------------------
cat >"$work/deploy.yaml" <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
EOF
cp "$work/deploy.yaml" "$work/deploy.orig"
run deploy.yaml
check "a Deployment: exit 0" test "$rc" -eq 0
check "a Deployment: a warning saying it is not a kubeconfig" test "$(cat "$err")" = \
	"kubeconvert: warning: $work/deploy.yaml: not a kubeconfig (its kind is not Config); left as it is"
check "a Deployment: untouched" cmp -s "$work/deploy.yaml" "$work/deploy.orig"
printf 'foo: 1\n' >"$work/other.yaml"
run other.yaml
check "a mapping of other keys: the warning" grep -q "not a kubeconfig" "$err"
printf 'users: []\n' >"$work/bare.yaml"
run bare.yaml
check "users: [] without kind: a kubeconfig, nothing said" test ! -s "$err"
: >"$work/empty.yaml"
run empty.yaml
check "an empty file: an empty kubeconfig, nothing said" test ! -s "$err"
run -q deploy.yaml
check "a Deployment, -q: nothing" test ! -s "$err"

# ---- --help: one flag a line, each with words ------------------------------------
run --help
check "--help: exit 0" test "$rc" -eq 0
flag_lines=$(grep -cE '^  (-[a-z], |    )--' "$out" || true)
check "--help: lists the flags" test "$flag_lines" -gt 30
check "--help: every flag line has a description after two spaces" \
	test "$(grep -E '^  (-[a-z], |    )--' "$out" | grep -cE '^  (-[a-z], |    )--[a-z-]+(\[=SUFFIX\]| [A-Za-z]+)? {2,}[^ ]')" -eq "$flag_lines"
check "--help: no line packs two flags" test "$(grep -E '^  (-[a-z], |    )--' "$out" |
	awk -F'  +' '{ if (gsub(/--/, "", $2) != 1) print }')" = ""
check "--help: names man kubeconvert for the exit status" grep -q "EXIT STATUS" "$out"
for flag in login server-id client-id tenant-id context format output check dry-run report quiet verbose; do
	check "--help: --$flag" grep -qE -- "--$flag\b" "$out"
done
run --dryrun config
check "a mistyped flag: usage error" test "$rc" -eq 2
check "a mistyped flag: did you mean" test "$(cat "$err")" = \
	"kubeconvert: error: unknown flag: --dryrun; did you mean --dry-run? (see kubeconvert --help)"
run --zzzzzz config
check "an unknown flag: no guess" test "$(cat "$err")" = "kubeconvert: error: unknown flag: --zzzzzz (see kubeconvert --help)"

# ---- --report json carries its format version -----------------------------------
cp "$work/three.yaml" "$work/r.yaml"
run --report=json --check r.yaml
check "--report json: formatVersion 1" test "$(jq -r .formatVersion "$out")" = 1
if [ -f "$here/../doc/report.schema.json" ]; then
	check "--report json: the schema file is JSON" jq -e . "$here/../doc/report.schema.json" >/dev/null
	check "--report json: every file field is in the schema" test -z "$(jq -r '.files[0] | keys[]' "$out" |
		while read -r k; do jq -e --arg k "$k" '.properties.files.items.properties[$k]' "$here/../doc/report.schema.json" >/dev/null || echo "$k"; done)"
else
	fail "doc/report.schema.json is missing"
fi

summary
