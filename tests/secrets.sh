#!/usr/bin/env bash
# What kubeconvert shows must never hold a secret, and never bytes that act
# on a terminal or break a JSON reader:
#   (a) each place a secret can be (a converted user's values in every YAML
#       form, an unconverted user shown as context, the new entry's secret
#       flags and env values, a JSON file), run with --dry-run, --check,
#       --report=json and plain: a marker secret is nowhere in stdout+stderr,
#       while the run did show the place (its diff or error is there);
#   (b) error messages that would quote a secret value do not;
#   (c) every error of a file is reported, each with FILE:LINE:COL and user,
#       and nothing is written;
#   (d) names and paths with control bytes or bytes that are not UTF-8 are
#       escaped on stderr, and --report=json stays valid JSON.
#
# usage: tests/secrets.sh PATH/TO/kubeconvert
#
# Prints one "FAIL: ..." line per failed check and closes with "N passed, M failed".
set -eu

# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
bin_argument "$@"
work_dir
work=$(cd "$work" && pwd -P)
out=$work/stdout
err=$work/stderr
all=$work/all
fail() {
	failed=$((failed + 1))
	echo "FAIL: $1"
	if [ -s "$all" ]; then head -n 8 "$all" | sed 's/^/    /'; fi
}

# run FILE ARGS...: kubeconvert in $work on FILE's copy named config; rc,
# stdout, stderr and both together ($all) kept.
run() {
	cp "$1" "$work/config"
	shift
	rc=0
	(cd "$work" && exec env -i PATH="$PATH" HOME="$work" "$bin" "$@") >"$out" 2>"$err" || rc=$?
	cat "$out" "$err" >"$all"
}

# no_marker WHAT: no MARKER... secret anywhere in the last run's output.
no_marker() {
	if grep -q 'MARKER' "$all"; then fail "$1: a secret is shown"; else pass; fi
}

# shows WHAT PATTERN: the last run's output has PATTERN (so it showed the place).
shows() {
	if grep -qF -- "$2" "$all"; then pass; else fail "$1: no \"$2\" in the output"; fi
}

want_rc() {
	if [ "$rc" = "$2" ]; then pass; else fail "$1: exit status $rc, want $2"; fi
}

# ---- (a) every place a secret can be ----
cat >"$work/forms.yaml" <<'EOF'
users:
- name: before
  user:
    token: MARKER01
- name: legacy
  user:
    auth-provider:
      config:
        apiserver-id: s
        client-id: c
        tenant-id: t
        access-token: MARKER02
        ? refresh-token
        : MARKER03
        id-token: |
          MARKER04
          MARKER05
        idp-refresh-token: >-
          MARKER06
          MARKER07
        "client-secret": "MARKER08
          MARKER09"
        password: {a: MARKER10, b: [MARKER11]}
      name: azure
- name: flow
  user: {"token": "MARKER12", client-key-data: 'MARKER13'}
- name: old-exec
  user:
    exec:
      command: kubelogin
      args: [get-token, --server-id, s, --client-id, c, --tenant-id, t, --client-secret, MARKER14,
             "--password=MARKER15", --client-certificate-password, MARKER16]
      env:
      - name: AAD_SERVICE_PRINCIPAL_CLIENT_SECRET
        value: MARKER17
- name: after
  user:
    password: MARKER18
    Token: MARKER19
EOF
run "$work/forms.yaml" --dry-run -l spn --client-secret MARKER20 --client-certificate-password=MARKER21 config
want_rc "dry-run, every form" 0
no_marker "dry-run, every form"
shows "dry-run, every form: the legacy block" "-        access-token: ***"
shows "dry-run, every form: the new secret flag" "+      - --client-secret"
shows "dry-run, every form: the old exec args" "--client-secret, ***"
shows "dry-run, every form: an unconverted user as context" "  user: {\"token\": ***, client-key-data: ***}"
if [ "$(grep -c '^[-+]' "$out")" -gt 20 ]; then pass; else fail "dry-run, every form: a diff"; fi

run "$work/forms.yaml" --dry-run -l ropc --username u --password MARKER22 config
no_marker "dry-run, ropc --password"
shows "dry-run, ropc --password: the flag" "+      - --password"

run "$work/forms.yaml" --dry-run -l azurecli --azure-config-dir /MARKER23 config
no_marker "dry-run, azurecli env value"
shows "dry-run, azurecli env value: the env" "+        value: ***"

run "$work/forms.yaml" --check --report=json -l spn --client-secret MARKER24 config
want_rc "--check --report=json" 1
no_marker "--check --report=json"
shows "--check --report=json: a report" '"would convert"'

run "$work/forms.yaml" -l spn --client-secret MARKER25 config
want_rc "convert" 0
no_marker "convert: the report on stderr"
if grep -q MARKER25 "$work/config"; then pass; else fail "convert: the secret is in the file itself"; fi

# A JSON kubeconfig on one line.
printf '%s' '{"users":[{"name":"j","user":{"auth-provider":{"name":"azure","config":{"apiserver-id":"s","client-id":"c","tenant-id":"t","access-token":"MARKER26"}}}},{"name":"k","user":{"token":"MARKER27"}}]}' >"$work/one-line.json"
run "$work/one-line.json" --dry-run -l spn --client-secret MARKER28 config
no_marker "dry-run, a JSON one-liner"
shows "dry-run, a JSON one-liner: the new flag" '"--client-secret",***'

# A token under clusters and under an unknown key, next to the change.
cat >"$work/elsewhere.yaml" <<'EOF'
clusters:
- cluster: {server: s, token: MARKER29}
  name: c
users:
- name: u
  user:
    auth-provider: {name: azure, config: {apiserver-id: s, client-id: c, tenant-id: t}}
extra: {password: MARKER30}
EOF
run "$work/elsewhere.yaml" --dry-run config
no_marker "dry-run, secrets outside users"
shows "dry-run, secrets outside users: the diff" "+    exec:"

# ---- (b) errors that would quote a secret ----
printf 'users:\n- name: a\n  user:\n    auth-provider: {name: azure, config: {apiserver-id: s, client-id: c, tenant-id: t}}\n' >"$work/one.yaml"
for flags in "-l spn --client-secret=--MARKER31" "-l ropc --username u --password --MARKER32" \
	"-l spn --client-certificate-password=--MARKER33" "-l spn --client-id=--client-secret=MARKER34"; do
	# shellcheck disable=SC2086
	run "$work/one.yaml" $flags config
	want_rc "error for $flags" 3
	no_marker "error for $flags"
	shows "error for $flags: the message" "starts with -- like a flag"
	if cmp -s "$work/one.yaml" "$work/config"; then pass; else fail "error for $flags: file changed"; fi
done
run "$work/one.yaml" --report=json -l spn --client-secret=--MARKER35 config
no_marker "--report=json of an error"
shows "--report=json of an error: the error" '"action":	"error"'

# ---- (c) every error of a file ----
cat >"$work/two-errors.yaml" <<'EOF'
users:
- name: first
  user:
    auth-provider: {name: azure, config: {client-id: c, tenant-id: t}}
- name: fine
  user:
    auth-provider: {name: azure, config: {apiserver-id: s, client-id: c, tenant-id: t}}
- name: second
  user:
    auth-provider: {name: azure, config: {client-id: c, tenant-id: t}}
EOF
run "$work/two-errors.yaml" config
want_rc "two errors" 3
if [ "$(cat "$err")" = 'kubeconvert: error: config:4:5: user "first": --server-id is required
kubeconvert: error: config:10:5: user "second": --server-id is required' ]; then pass; else fail "two errors: both, in order"; fi
if cmp -s "$work/two-errors.yaml" "$work/config"; then pass; else fail "two errors: file changed"; fi
run "$work/two-errors.yaml" --report=json -q config
if [ "$(jq -r '.files[0].errors | length' "$out")" = 2 ] &&
	[ "$(jq -r '[.files[0].users[] | .action] | join(",")' "$out")" = "error,not converted,error" ] &&
	[ "$(jq -r '.files[0].written' "$out")" = false ]; then
	pass
else
	fail "two errors: the JSON report lists both and converts nobody"
fi

# ---- (d) names and paths that would move the cursor or break JSON ----
esc=$(printf '\033')
printf 'users:\n- name: "evil\\e[2J\\nkubeconvert: forged"\n  user:\n    auth-provider: {name: azure, config: {client-id: c}}\n' >"$work/evil.yaml"
run "$work/evil.yaml" config
want_rc "an escaped user name" 3
if ! grep -q "$esc" "$all" && [ "$(wc -l <"$err")" -eq 1 ]; then pass; else fail "an escaped user name: raw bytes shown"; fi
shows "an escaped user name: its escape" 'user "evil\x1b[2J\x0akubeconvert: forged"'

bad=$(printf 'bad\377\033name.yaml')
cp "$work/one.yaml" "$work/$bad"
rc=0
(cd "$work" && exec env -i PATH="$PATH" HOME="$work" "$bin" --report=json "$bad") >"$out" 2>"$err" || rc=$?
cat "$out" "$err" >"$all"
want_rc "a file name that is not UTF-8" 0
if jq -e '.files[0].path | endswith("bad\\xff\u001bname.yaml")' "$out" >/dev/null 2>&1; then pass; else fail "a file name that is not UTF-8: not valid JSON, or not escaped"; fi
cp "$work/one.yaml" "$work/$bad"
rc=0
(cd "$work" && exec env -i PATH="$PATH" HOME="$work" "$bin" --check "$bad") >"$out" 2>"$err" || rc=$?
cat "$out" "$err" >"$all"
if [ "$(cat "$out")" = 'bad\xff\x1bname.yaml' ]; then pass; else fail "--check: the name escaped"; fi

summary
