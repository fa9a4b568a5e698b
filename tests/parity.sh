#!/bin/bash
# Parity with `kubelogin convert-kubeconfig`: one case a line in
# testdata/parity/cases.tsv (see testdata/parity/README.md), each run in a
# fresh directory that is also $HOME, with only PATH, HOME and the case's
# variables in the environment. Closes with "N passed, M failed".
# usage: tests/parity.sh PATH/TO/kubeconvert
set -u
if [ $# -ne 1 ]; then
	echo "usage: $0 PATH/TO/kubeconvert" >&2
	exit 2
fi
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
data=$(cd "$(dirname "$0")/../testdata/parity" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0

# The users of a kubeconfig in block style, one "NAME: WHAT" each, joined by
# " | ": WHAT is "azure", "other", or the exec command, its args and
# " env NAME=VALUE" for each variable (and " hint=H" for a one-line installHint).
users_of() {
	awk '
	function unq(v) { if (v ~ /^\x27.*\x27$/ || v ~ /^".*"$/) v = substr(v, 2, length(v) - 2); return v }
	function field(re,   v) { v = $0; sub(re, "", v); return unq(v) }
	function flush() {
		if (!have) return
		s = kind == "exec" ? cmd args (envs != "" ? " env" envs : "") hint : kind
		out = out (n++ ? " | " : "") name ": " s
		have = 0
	}
	/^users:/ { inusers = 1; next }
	!inusers { next }
	/^[^ -]/ { flush(); inusers = 0; next }
	/^- / { flush(); have = 1; name = ""; kind = "other"; cmd = ""; args = ""; envs = ""; hint = ""; sect = ""; sub(/^- /, "  ") }
	/^  name: / { name = field("^  name: "); next }
	/^    auth-provider:/ { kind = "azure"; next }
	/^    exec:/ { kind = "exec"; next }
	/^      args:/ { sect = "args"; next }
	/^      env:/ { sect = "env"; next }
	/^      command: / { cmd = field("^      command: "); sect = ""; next }
	/^      installHint: [^|>]/ { hint = " hint=" field("^      installHint: "); sect = ""; next }
	/^      - name: / && sect == "env" { envs = envs " " field("^      - name: "); next }
	/^        value: / && sect == "env" { envs = envs "=" field("^        value: "); next }
	/^      - / && sect == "args" { args = args " " field("^      - "); next }
	/^      [a-zA-Z]/ { sect = "" }
	END { flush(); print out }
	' "$1"
}

fail() {
	failed=$((failed + 1))
	echo "FAIL: $1 ($2)"
	shift 2
	for line in "$@"; do echo "    $line"; done
}

line_no=0
while IFS=$'\t' read -r id args envs input expect source check || [ -n "$id" ]; do
	line_no=$((line_no + 1))
	case $id in '' | '#'*) continue ;; esac
	# Every column is needed: read joins empty tab-separated fields.
	if [ -z "$source" ]; then
		fail "$id" "?" "testdata/parity/cases.tsv:$line_no: fewer than 6 columns"
		continue
	fi
	d=$tmp/$line_no
	mkdir "$d"
	cp "$data/inputs/$input" "$d/config"
	if [ "$args" = - ]; then set --; else eval "set -- $args"; fi
	vars=()
	[ "$envs" = - ] || read -r -a vars <<<"$envs"
	rc=0
	(cd "$d" && exec env -i PATH="$PATH" HOME="$d" "${vars[@]}" "$bin" "$@") >"$d/out" 2>"$d/err" </dev/null || rc=$?
	err=$(head -c 2000 "$d/err")
	case $expect in
	error:*)
		phrase=${expect#error:}
		if [ "$rc" -eq 0 ]; then
			fail "$id" "$source" "exit status 0, want an error containing: $phrase"
			continue
		elif ! grep -qF -- "$phrase" "$d/err"; then
			fail "$id" "$source" "stderr lacks: $phrase" "stderr: $err"
			continue
		elif ! cmp -s "$data/inputs/$input" "$d/config"; then
			fail "$id" "$source" "the file changed on an error"
			continue
		fi ;;
	unchanged)
		if [ "$rc" -ne 0 ] || ! cmp -s "$data/inputs/$input" "$d/config"; then
			fail "$id" "$source" "want exit 0 and the file byte for byte as it was; exit $rc" "stderr: $err"
			continue
		fi ;;
	users:*)
		want=${expect#users:}
		got=$(users_of "$d/config")
		if [ "$rc" -ne 0 ] || [ "$got" != "$want" ]; then
			fail "$id" "$source" "exit $rc" "want: $want" "got:  $got" "stderr: $err"
			continue
		fi ;;
	*)
		fail "$id" "$source" "testdata/parity/cases.tsv:$line_no: unknown expectation: $expect"
		continue ;;
	esac
	case ${check:-} in
	'' | -) ;;
	stderr~*)
		if ! grep -qF -- "${check#stderr~}" "$d/err"; then
			fail "$id" "$source" "stderr lacks: ${check#stderr~}" "stderr: $err"
			continue
		fi ;;
	'!file~'*)
		if grep -qF -- "${check#!file~}" "$d/config"; then
			fail "$id" "$source" "the file has: ${check#!file~}"
			continue
		fi ;;
	'!stderr~'*)
		if grep -qF -- "${check#!stderr~}" "$d/err"; then
			fail "$id" "$source" "stderr shows: ${check#!stderr~}"
			continue
		fi ;;
	*)
		fail "$id" "$source" "testdata/parity/cases.tsv:$line_no: unknown check: $check"
		continue ;;
	esac
	passed=$((passed + 1))
	echo "ok $id"
done <"$data/cases.tsv"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
