#!/usr/bin/env bash
# Fixture tests for kubeconvert: run the binary on every case under testdata/convert
# and compare the rewritten file (and stderr/stdout/exit status) byte for byte.
#
# usage: tests/fixtures.sh PATH/TO/kubeconvert [testdata/convert]
#
# Case layout: see testdata/convert/README.md.
set -eu

usage() {
	echo "usage: $0 PATH/TO/kubeconvert [CASES_DIR]" >&2
	exit 2
}

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	usage
fi

# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
need_bin "$1"

if [ $# -eq 2 ]; then
	cases_dir=$2
else
	cases_dir=$(dirname "$0")/../testdata/convert
fi
if [ ! -d "$cases_dir" ]; then
	echo "$0: no such directory: $cases_dir" >&2
	exit 2
fi
cases_dir=$(cd "$cases_dir" && pwd)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT HUP INT TERM

have_kubectl=0
if command -v kubectl >/dev/null 2>&1; then
	have_kubectl=1
else
	echo "skip: kubectl not found, read-back not run"
fi



# fail CASE WHAT [EXPECTED_FILE ACTUAL_FILE]
fail() {
	failed=$((failed + 1))
	echo "FAIL: $1: $2"
	if [ $# -ge 4 ]; then
		cmp "$3" "$4" 2>&1 | sed 's/^/    /' || true
		diff -u "$3" "$4" 2>&1 | head -n 30 | sed 's/^/    /' || true
	fi
}

# normalize SRC DST TMPDIR: copy SRC to DST with the temp dir path replaced by $TMP.
# shellcheck disable=SC2016 # $TMP is the literal placeholder
normalize() {
	local s phys
	s=$(cat "$1"; printf x)
	s=${s%x}
	phys=$(cd "$3" && pwd -P)
	# longest first, so that one path is not left half-replaced inside the other
	if [ ${#phys} -ge ${#3} ]; then
		s=${s//"$phys"/'$TMP'}
		s=${s//"$3"/'$TMP'}
	else
		s=${s//"$3"/'$TMP'}
		s=${s//"$phys"/'$TMP'}
	fi
	printf '%s' "$s" >"$2"
}

n=0
for d in "$cases_dir"/*/; do
	[ -d "$d" ] || continue
	d=${d%/}
	name=${d##*/}
	n=$((n + 1))

	if [ ! -f "$d/input.yaml" ] || [ ! -f "$d/args" ]; then
		fail "$name" "case needs input.yaml and args"
		continue
	fi

	t=$work/$n
	mkdir "$t"
	t=$(cd "$t" && pwd)
	cp "$d/input.yaml" "$t/config"
	allowed=config
	if [ -d "$d/extra" ]; then
		for f in "$d/extra"/* "$d/extra"/.[!.]*; do
			[ -e "$f" ] || continue
			cp -R "$f" "$t/"
			allowed="$allowed
${f##*/}"
		done
	fi

	read_lines "$d/args"
	args=(${lines[@]+"${lines[@]}"})
	read_lines "$d/env"
	envs=(${lines[@]+"${lines[@]}"})

	out=$work/$n.stdout
	err=$work/$n.stderr
	rc=0
	(cd "$t" && env -i PATH="$PATH" HOME="$t" ${envs[@]+"${envs[@]}"} \
		"$bin" ${args[@]+"${args[@]}"} >"$out" 2>"$err") || rc=$?

	# exit status
	want=0
	if [ -f "$d/status" ]; then
		want=$(tr -d ' \t\r\n' <"$d/status")
	fi
	if [ "$rc" = "$want" ]; then
		pass
	else
		fail "$name" "exit status $rc, want $want"
		if [ -s "$err" ]; then
			head -n 5 "$err" | sed 's/^/    stderr: /'
		fi
	fi

	# the file
	if [ -f "$d/expected.yaml" ]; then
		if cmp -s "$d/expected.yaml" "$t/config"; then
			pass
		else
			fail "$name" "config differs from expected.yaml" "$d/expected.yaml" "$t/config"
		fi
	else
		if cmp -s "$d/input.yaml" "$t/config"; then
			pass
		else
			fail "$name" "config was modified (want it untouched)" "$d/input.yaml" "$t/config"
		fi
	fi

	# stderr, stdout
	for stream in stderr stdout; do
		[ -f "$d/$stream" ] || continue
		if [ $stream = stderr ]; then src=$err; else src=$out; fi
		normalize "$src" "$work/$n.$stream.norm" "$t"
		if cmp -s "$d/$stream" "$work/$n.$stream.norm"; then
			pass
		else
			fail "$name" "$stream differs" "$d/$stream" "$work/$n.$stream.norm"
		fi
	done

	# files the run must create (e.g. --backup), byte for byte
	if [ -d "$d/created" ]; then
		for f in "$d/created"/*; do
			[ -e "$f" ] || continue
			if cmp -s "$f" "$t/${f##*/}"; then
				pass
			else
				fail "$name" "${f##*/} missing or different" "$f" "$t/${f##*/}"
			fi
			allowed="$allowed
${f##*/}"
		done
	fi

	# nothing left behind (temporaries, lock files, ~/.kube, ...)
	left=$(cd "$t" && find . -mindepth 1 -maxdepth 1 | sed 's|^\./||' | LC_ALL=C sort)
	allowed=$(printf '%s\n' "$allowed" | LC_ALL=C sort)
	if [ "$left" = "$allowed" ]; then
		pass
	else
		fail "$name" "unexpected files in the directory: $(comm -13 <(printf '%s\n' "$allowed") <(printf '%s\n' "$left") | tr '\n' ' ')"
	fi

	# kubectl must still read the result
	if [ -f "$d/expected.yaml" ] && [ $have_kubectl = 1 ]; then
		kh=$work/$n.kubehome
		mkdir "$kh"
		if kubectl_view "$t/config" "$kh" >"$work/$n.kubectl" 2>&1; then
			pass
		else
			fail "$name" "kubectl config view cannot read the result"
			head -n 5 "$work/$n.kubectl" | sed 's/^/    /'
		fi
	fi
done

if [ $n -eq 0 ]; then
	echo "$0: no cases in $cases_dir" >&2
	exit 2
fi

summary
