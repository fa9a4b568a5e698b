#!/bin/bash
# Differential test against kubectl, the reference reader: for each input,
# kubectl reads the file before and after `kubeconvert`, and
#   - kubeconvert exits 0: every cluster, context and top-level field kubectl
#     reads is unchanged, every user the report does not call converted is
#     unchanged, every converted one is exactly the exec (or, with --format
#     azure, auth-provider) entry built from the values kubectl read before,
#     and the report names exactly the users kubectl reads;
#   - kubeconvert refuses: the file is byte for byte the same and the one
#     message says FILE:LINE:COL.
# Inputs: testdata/kubectl-diff/NAME.{yaml,json} (NAME.args: extra options,
# one a line), and JSON strings generated below. A name starting with
# "refuse-" must be refused, "same-" must leave the file as it is, any other
# must convert. Usage: tests/kubectl-diff.sh PATH/TO/kubeconvert
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
[ $# -eq 1 ] || { echo "usage: $0 KUBECONVERT" >&2; exit 2; }
need_bin "$1"
if ! command -v kubectl >/dev/null 2>&1; then
	echo "skip: kubectl not found, no differential test against it"
	echo "0 passed, 0 failed"
	exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "skip: python3 not found, cannot compare kubectl's readings"
	echo "0 passed, 0 failed"
	exit 0
fi
cases=$here/../testdata/kubectl-diff
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0

# compare BEFORE AFTER REPORT FORMAT: the field by field check (exit 1 and
# a reason on stdout when it fails).
cat >"$tmp/compare.py" <<'EOF'
import json, sys

before, after, report = (json.load(open(p)) for p in sys.argv[1:4])
fmt = sys.argv[4]
HINT = ("\nkubelogin is not installed which is required to connect to AAD enabled cluster.\n"
        "\nTo learn more, please go to https://azure.github.io/kubelogin/\n")

def fail(msg):
    print(msg)
    sys.exit(1)

def arg(args, flag):
    for i, a in enumerate(args[:-1]):
        if a == flag:
            return args[i + 1]
    return ""

def values(user):
    """What the converter takes from the old entry, as kubectl read it."""
    if (user.get("auth-provider") or {}).get("name") == "azure":
        c = user["auth-provider"].get("config") or {}
        return dict(server=c.get("apiserver-id", ""), client=c.get("client-id", ""),
                    tenant=c.get("tenant-id", ""), env=c.get("environment", ""),
                    legacy=c.get("config-mode", "") in ("", "0"), hint="")
    e = user.get("exec") or {}
    a = e.get("args") or []
    return dict(server=arg(a, "--server-id"), client=arg(a, "--client-id"),
                tenant=arg(a, "--tenant-id"), env=arg(a, "--environment"),
                legacy="--legacy" in a, hint=e.get("installHint") or "")

def expected(user):
    v = values(user)
    if fmt == "azure":
        config = {"apiserver-id": v["server"], "client-id": v["client"],
                  "config-mode": "0" if v["legacy"] else "1", "tenant-id": v["tenant"]}
        if v["env"]:
            config["environment"] = v["env"]
        return "auth-provider", {"name": "azure", "config": config}
    args = ["get-token", "--login", "devicecode", "--server-id", v["server"],
            "--client-id", v["client"], "--tenant-id", v["tenant"]]
    if v["env"]:
        args += ["--environment", v["env"]]
    if v["legacy"]:
        args.append("--legacy")
    return "exec", {"apiVersion": "client.authentication.k8s.io/v1beta1", "args": args,
                    "command": "kubelogin", "installHint": v["hint"] or HINT}

for key in set(before) | set(after):
    if key != "users" and before.get(key) != after.get(key):
        fail("kubectl reads %s differently after the conversion" % key)
old = {u["name"]: u.get("user") or {} for u in before.get("users") or []}
new = {u["name"]: u.get("user") or {} for u in after.get("users") or []}
if list(old) != list(new):
    fail("kubectl reads other users: %r, then %r" % (sorted(old), sorted(new)))
reported = report["files"][0]["users"]
named = sorted(u["name"] for u in reported if u["name"])
if named != sorted(n for n in old if n):
    fail("the report names %r, kubectl reads %r" % (named, sorted(old)))
converted = {u["name"] for u in reported if u["action"] == "converted"}
for name, user in old.items():
    got = new[name]
    if name not in converted:
        if got != user:
            fail("user %r changed though not converted" % name)
        continue
    key, want = expected(user)
    rest = {k: v for k, v in user.items() if k not in ("auth-provider", "exec")}
    got_rest = {k: v for k, v in got.items() if k != key}
    if got_rest != rest:
        fail("user %r: fields beside %s changed: %r -> %r" % (name, key, rest, got_rest))
    entry = got.get(key) or {}
    for field, value in want.items():
        if entry.get(field) != value:
            fail("user %r: %s.%s is %r, expected %r" % (name, key, field, entry.get(field), value))
EOF

# check NAME FILE EXPECT [OPTIONS...]: EXPECT is refuse, same, convert or any.
check() {
	name=$1 file=$2 expect=$3
	shift 3
	ext=${file##*.}
	dir=$tmp/run
	rm -rf "$dir" && mkdir -p "$dir"
	cp "$file" "$dir/config.$ext"
	fmt=exec
	case " $* " in *" --format azure "* | *" --format=azure "*) fmt=azure ;; esac
	if ! kubectl_view "$dir/config.$ext" "$dir" >"$dir/before.json" 2>"$dir/kubectl.err"; then
		kubectl_refused=1
	else
		kubectl_refused=0
	fi
	(cd "$dir" && env -i PATH="$PATH" HOME="$dir" "$bin" --report=json "$@" "config.$ext") \
		>"$dir/report.json" 2>"$dir/stderr"
	rc=$?
	why=
	if [ "$rc" -ne 0 ]; then
		if ! cmp -s "$file" "$dir/config.$ext"; then
			why="refused (exit $rc) but changed the file"
		elif ! grep -Eq "^kubeconvert: error: config\.$ext:[0-9]+:[0-9]+: " "$dir/stderr"; then
			why="refused without FILE:LINE:COL: $(head -c 300 "$dir/stderr")"
		elif [ "$expect" = convert ] || [ "$expect" = same ]; then
			why="refused, expected to $expect: $(head -c 300 "$dir/stderr")"
		fi
	elif [ "$kubectl_refused" -eq 1 ]; then
		why="kubectl refuses the input ($(head -c 200 "$dir/kubectl.err")), kubeconvert exits 0"
	elif [ "$expect" = refuse ]; then
		why="exit 0, expected a refusal"
	elif [ "$expect" = same ] && ! cmp -s "$file" "$dir/config.$ext"; then
		why="exit 0 but the file changed, expected it untouched"
	elif [ "$expect" = convert ] && cmp -s "$file" "$dir/config.$ext"; then
		why="exit 0 but nothing was converted"
	elif ! kubectl_view "$dir/config.$ext" "$dir" >"$dir/after.json" 2>"$dir/kubectl.err"; then
		why="kubectl refuses the output: $(head -c 300 "$dir/kubectl.err")"
	else
		why=$(python3 "$tmp/compare.py" "$dir/before.json" "$dir/after.json" "$dir/report.json" "$fmt" 2>&1)
	fi
	if [ -z "$why" ]; then
		passed=$((passed + 1))
		echo "ok $name"
	else
		failed=$((failed + 1))
		echo "FAIL: $name: $why"
	fi
}

for file in "$cases"/*.yaml "$cases"/*.json; do
	[ -f "$file" ] || continue
	name=$(basename "$file")
	name=${name%.*}
	case $name in
	refuse-*) expect=refuse ;;
	same-*) expect=same ;;
	*) expect=convert ;;
	esac
	set --
	if [ -f "$cases/$name.args" ]; then
		while IFS= read -r a || [ -n "$a" ]; do [ -n "$a" ] && set -- "$@" "$a"; done <"$cases/$name.args"
	fi
	check "$name" "$file" "$expect" "$@"
done

# Generated: each awkward character, as a JSON escape (and raw where JSON
# allows it), in a user's name and in each value copied into the new entry
# (one user per field, each on a line of its own), in a JSON file and in a YAML one (double-quoted: the
# same escapes). A NUL cannot travel in a C string: refused. A surrogate pair
# escape is refused by kubectl and libyaml alike. All else must convert.
# The character stands inside the value and at its end.
gen=$tmp/gen
mkdir -p "$gen"
for esc in '\u0000' '\u0001' '\u001f' '\u007f' '\u0080' '\u0085' '\u009f' '\u00a0' '\u2028' \
	'\u2029' '\ufeff' '\ud83d\ude00' '\t' '\n' '\"' '\\' 'é😀' ' '; do
	s=$(printf 'v%sw%s' "$esc" "$esc")
	hex=$(printf '%s' "$esc" | od -An -tx1 | tr -d ' \n')
	json='{"apiVersion":"v1","kind":"Config","clusters":[],"contexts":[],"users":['
	yaml='users:'
	i=0
	for field in name apiserver-id client-id tenant-id environment; do
		n=u$i s1=s c1=c t1=t e1=AzurePublicCloud
		case $field in
		name) n=$s ;; apiserver-id) s1=$s ;; client-id) c1=$s ;; tenant-id) t1=$s ;; environment) e1=$s ;;
		esac
		json=$json$(printf '\n{"name":"%s","user":{"auth-provider":{"name":"azure","config":{"apiserver-id":"%s","client-id":"%s","tenant-id":"%s","environment":"%s"}}}},' \
			"$n" "$s1" "$c1" "$t1" "$e1")
		yaml=$yaml$(printf '\n- name: "%s"\n  user:\n    auth-provider:\n      name: azure\n      config:\n        apiserver-id: "%s"\n        client-id: "%s"\n        tenant-id: "%s"\n        environment: "%s"' \
			"$n" "$s1" "$c1" "$t1" "$e1")
		i=$((i + 1))
	done
	printf '%s\n{"name":"x\\u0085y","user":{"token":"\\u007f"}}]}\n' "$json" >"$gen/$hex.json"
	printf '%s\n' "$yaml" >"$gen/$hex.yaml"
	case $esc in
	'\u0000' | '\ud83d\ude00') expect=refuse ;;
	*) expect=convert ;;
	esac
	check "generated json \"$s\"" "$gen/$hex.json" "$expect"
	check "generated yaml \"$s\"" "$gen/$hex.yaml" "$expect"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
