# Shared by the shell test drivers (sourced, not run).

# need_bin PATH: set $bin to PATH made absolute; exit 2 unless it is an
# executable file.
need_bin() {
	bin=$1
	case $bin in
	/*) ;;
	*) bin=$(pwd)/$bin ;;
	esac
	if [ ! -f "$bin" ] || [ ! -x "$bin" ]; then
		echo "$0: not an executable file: $1" >&2
		exit 2
	fi
}

# bin_argument ARG...: a driver's one argument, PATH/TO/kubeconvert, as $bin;
# usage and exit 2 otherwise.
bin_argument() {
	if [ $# -ne 1 ]; then
		echo "usage: $0 PATH/TO/kubeconvert" >&2
		exit 2
	fi
	need_bin "$1"
}

# work_dir: $work, a new temporary directory (its physical path) removed at
# exit; a signal ends the driver, which removes it.
work_dir() {
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
	trap 'exit 130' HUP INT TERM
	work=$(cd "$work" && pwd -P)
}

# read_lines FILE: the non-empty lines of FILE into the array "lines",
# verbatim (a fixture's args and env files: one argument a line, no quoting).
read_lines() {
	lines=()
	local line
	[ -f "$1" ] || return 0
	while IFS= read -r line || [ -n "$line" ]; do
		if [ -n "$line" ]; then
			lines+=("$line")
		fi
	done <"$1"
}

# kubectl_view FILE HOME: kubectl reads FILE back (config view --raw -o json),
# in a clean environment with HOME as its home; its output as the caller
# redirects it, its exit status returned.
kubectl_view() {
	env -i PATH="$PATH" HOME="$2" kubectl config view --raw -o json --kubeconfig "$1"
}

# Counting checks, for drivers that need nothing more (a driver may define
# its own fail to show more). Close with summary.
passed=0
failed=0
pass() { passed=$((passed + 1)); }
# fail WHAT [FILE...]: count a failure and show the first lines of each FILE
fail() {
	local f
	failed=$((failed + 1))
	echo "FAIL: $1"
	shift
	for f in "$@"; do
		if [ -s "$f" ]; then
			head -n 5 "$f" | sed 's/^/    /'
		fi
	done
}
# check WHAT COMMAND...: passed when COMMAND succeeds
check() {
	local what=$1
	shift
	if "$@"; then pass; else fail "$what"; fi
}
# lacks TEXT FILE: FILE does not contain TEXT
lacks() { ! grep -qF -- "$1" "$2"; }
# summary: the closing line, and the exit status
summary() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
