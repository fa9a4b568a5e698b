#!/usr/bin/env bash
# What a packager meets: the missing-package message, the user's CFLAGS,
# `make install` and `make uninstall` into a DESTDIR tree, one version.
#
# usage: tests/build.sh (from anywhere; it runs make in the repository)
#
# Closes with "N passed, M failed".
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/lib.sh
. "$top/tests/lib.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trap 'exit 130' HUP INT TERM
cd "$top"
# Run from make test, make's own variables (WERROR=-Werror among them) would
# reach these makes through MAKEFLAGS: each make here starts as a user's.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES WERROR

# A pkg-config that knows libyaml only: make must name the two other
# packages and `make deps`, in one line, and compile nothing.
mkdir "$work/fakebin"
cat >"$work/fakebin/pkg-config" <<'EOF'
#!/bin/sh
for a in "$@"; do
	case $a in --*) ;; yaml-0.1) ;; *) exit 1 ;; esac
done
exit 0
EOF
chmod +x "$work/fakebin/pkg-config"
rc=0
PATH="$work/fakebin:$PATH" make --no-print-directory BUILD="$work/nodeps" >"$work/out" 2>"$work/err" || rc=$?
check "missing packages: make fails" test "$rc" -ne 0
check "missing packages: one message naming both packages and make deps" \
	grep -qx "kubeconvert: missing Debian package(s): libcjson-dev libpcre2-dev; run 'make deps' (as root) to install them" "$work/err"
check "missing packages: nothing compiled" test ! -e "$work/nodeps/ast.o"
check "missing packages: no compiler error" lacks "error:" "$work/err"

# The user's flags reach every compile and the link; -Werror does not,
# unless the test build asks for it.
make --no-print-directory -n BUILD="$work/flags" CFLAGS="-O0 -DUSER_MARK" CPPFLAGS="-DCPP_MARK" \
	LDFLAGS="-Wl,-O1" "$work/flags/kubeconvert" >"$work/out" 2>&1 || true
compiles=$(grep -c -- ' -c -o ' "$work/out" || true)
check "CFLAGS: there are compile lines" test "$compiles" -gt 5
check "CFLAGS: on every compile line" test "$(grep -- ' -c -o ' "$work/out" | grep -c -- '-O0 -DUSER_MARK')" -eq "$compiles"
check "CPPFLAGS: on every compile line" test "$(grep -- ' -c -o ' "$work/out" | grep -c -- '-DCPP_MARK')" -eq "$compiles"
check "LDFLAGS: on the link line" grep -q -- '-Wl,-O1 -o .*flags/kubeconvert ' "$work/out"
check "a user's build has no -Werror" lacks "-Werror" "$work/out"
make --no-print-directory -n BUILD="$work/flags" WERROR=-Werror "$work/flags/kubeconvert" >"$work/out" 2>&1 || true
check "the test build has -Werror" grep -q -- "-Werror" "$work/out"

# One version: VERSION, --version and the installed man page agree.
version=$(cat VERSION)
check "--version prints VERSION" test "$(./kubeconvert --version)" = "kubeconvert $version"

# make install into a DESTDIR tree, then make uninstall leaves none of it.
dest=$work/dest
make --no-print-directory install DESTDIR="$dest" PREFIX=/usr >"$work/out" 2>&1 || fail "make install" "$work/out"
for f in bin/kubeconvert share/man/man1/kubeconvert.1 share/bash-completion/completions/kubeconvert \
	share/zsh/site-functions/_kubeconvert share/fish/vendor_completions.d/kubeconvert.fish; do
	check "install: usr/$f" test -s "$dest/usr/$f"
done
check "install: the binary is executable" test -x "$dest/usr/bin/kubeconvert"
check "install: kubectl's plugin name runs kubeconvert" \
	test "$("$dest/usr/bin/kubectl-convert_kubeconfig" --version)" = "kubeconvert $version"
check "install: the man page carries VERSION" grep -q "\"kubeconvert $version\"" "$dest/usr/share/man/man1/kubeconvert.1"
check "install: the bash script is the binary's" \
	cmp -s "$dest/usr/share/bash-completion/completions/kubeconvert" <(./kubeconvert completion bash)
if command -v kubectl >/dev/null 2>&1; then
	check "install: kubectl finds the plugin" \
		sh -c 'env -i PATH="$1/usr/bin:$PATH" HOME="$2" kubectl plugin list 2>/dev/null | grep -q kubectl-convert_kubeconfig' \
		sh "$dest" "$work"
	check "install: kubectl convert-kubeconfig runs it" \
		test "$(env -i PATH="$dest/usr/bin:$PATH" HOME="$work" kubectl convert-kubeconfig --version)" = "kubeconvert $version"
else
	echo "skip: kubectl not found, plugin check not run"
fi
make --no-print-directory uninstall DESTDIR="$dest" PREFIX=/usr >"$work/out" 2>&1 || fail "make uninstall" "$work/out"
check "uninstall: no file left" test -z "$(find "$dest" -type f -o -type l)"

# Every relative link of the documentation resolves in a clone.
missing=""
for f in $(git ls-files '*.md'); do
	for l in $(grep -oE '\]\([^)#]+\)' "$f" | sed 's/^](//; s/)$//' | grep -v '^[a-z]*://' || true); do
		[ -e "$(dirname "$f")/$l" ] || missing="$missing $f->$l"
	done
done
check "documentation: every relative link resolves${missing:+:$missing}" test -z "$missing"

summary
