#!/usr/bin/env bash
# Shell completion: the bash script sourced in a bare bash, its COMPREPLY
# checked at each position (options, -l/--login methods, --format values,
# --context names from the kubeconfig the command line names); zsh and fish
# scripts at least parse (when those shells are installed).
#
# usage: tests/completion.sh PATH/TO/kubeconvert
#
# Closes with "N passed, M failed".
set -eu
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/lib.sh
. "$here/lib.sh"
bin_argument "$@"
work_dir

# The script runs `kubeconvert` from PATH, as installed.
mkdir -p "$work/bin" "$work/home/.kube"
ln -s "$bin" "$work/bin/kubeconvert"
"$bin" completion bash >"$work/completion.bash"
cat >"$work/a.yaml" <<'EOF'
apiVersion: v1
kind: Config
contexts:
- name: aks-prod
  context: {cluster: c, user: u}
- name: aks-dev
  context: {cluster: c, user: u}
- name: kind
  context: {cluster: c, user: u}
EOF
sed 's/aks-/other-/' "$work/a.yaml" >"$work/b.yaml"
cp "$work/a.yaml" "$work/home/.kube/config"

# complete WORD...: COMPREPLY, one a line, for the command line WORD... with
# the cursor in its last word (give "" to complete an empty word).
complete_words() {
	env -i PATH="$work/bin:/usr/bin:/bin" HOME="$work/home" ${KUBECONFIG:+KUBECONFIG="$KUBECONFIG"} \
		bash --norc --noprofile -c '
		. "$1"; shift
		COMP_WORDS=(kubeconvert "$@")
		COMP_CWORD=$#
		COMP_LINE="kubeconvert $*"
		COMP_POINT=${#COMP_LINE}
		_kubeconvert
		printf "%s\n" "${COMPREPLY[@]}"' sh "$work/completion.bash" "$@"
}

# expect WHAT WANT WORD...: COMPREPLY is exactly WANT (lines, sorted)
expect() {
	local what=$1 want=$2 got
	shift 2
	got=$(complete_words "$@" | LC_ALL=C sort)
	want=$(printf '%s\n' "$want" | LC_ALL=C sort)
	if [ "$got" = "$want" ]; then
		pass
	else
		fail "$what: got [$(echo "$got" | tr '\n' ' ')], want [$(echo "$want" | tr '\n' ' ')]"
	fi
}

expect "options by prefix" "--login
--login-hint" --lo
expect "--dry-run and --dry... " "--dry-run" --dry
expect "hidden flags are not offered" "" --token-cache
expect "-l: login methods" "$(printf '%s\n' devicecode interactive spn ropc msi azurecli azd workloadidentity azurepipelines)" -l ""
expect "--login a: by prefix" "azurecli
azd
azurepipelines" --login a
expect "--login=: bash splits at =" "spn" --login = s
expect "--format values" "exec
azure" --format ""
expect "--context: names from --kubeconfig" "aks-prod
aks-dev" --kubeconfig "$work/a.yaml" --context aks
expect "--context: names from the FILE argument" "other-prod
other-dev" "$work/b.yaml" --context o
KUBECONFIG="$work/b.yaml:$work/a.yaml" expect "--context: names from \$KUBECONFIG" "other-prod
other-dev
aks-prod
aks-dev
kind" --context ""
expect "--context: ~/.kube/config when nothing is named" "kind" --context ki
expect "the first word: subcommands" "completion
convert-kubeconfig" c
expect "completion: shells" "bash
zsh
fish" completion ""
expect "a FILE position: the shell's file names" "" ./con

# The scripts for the other shells: printed, and they parse where the shell is.
for sh in zsh fish; do
	check "completion $sh prints a script" test -n "$("$bin" completion "$sh")"
done
if command -v zsh >/dev/null 2>&1; then
	check "the zsh script parses" zsh -n <("$bin" completion zsh)
else
	echo "skip: zsh not found"
fi
if command -v fish >/dev/null 2>&1; then
	check "the fish script parses" fish -n <("$bin" completion fish)
else
	echo "skip: fish not found"
fi
rc=0
"$bin" completion tcsh >/dev/null 2>"$work/err" || rc=$?
check "completion tcsh: usage error" test "$rc" -eq 2
check "completion tcsh: says which shells" grep -q "bash, zsh, fish" "$work/err"

summary
