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

# kubectl_view FILE HOME: kubectl reads FILE back (config view --raw -o json),
# in a clean environment with HOME as its home; its output as the caller
# redirects it, its exit status returned.
kubectl_view() {
	env -i PATH="$PATH" HOME="$2" kubectl config view --raw -o json --kubeconfig "$1"
}
