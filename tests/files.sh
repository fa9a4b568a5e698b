#!/usr/bin/env bash
# File-level tests for kubeconvert: what the fixtures (one file, one run, compare
# bytes) cannot express: inodes, mtimes and permission bits, symlinks, standard
# input and output, -o, several FILE arguments, $KUBECONFIG units, ~/.kube/config,
# directories, hard links, read-only files, FIFOs and /dev/stdin, locks, write
# errors and the command line itself.
#
# usage: tests/files.sh PATH/TO/kubeconvert
#
# Prints one "FAIL: ..." line per failed check and closes with "N passed, M failed";
# exits 1 if any check failed. Takes about 10 s (one run waits out a stale lock, in
# the background while the other checks run).
set -eu

if [ $# -ne 1 ]; then
	echo "usage: $0 PATH/TO/kubeconvert" >&2
	exit 2
fi
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
need_bin "$1"

here=$(cd "$(dirname "$0")" && pwd)
# The sample legacy kubeconfig and its conversion (written by hand, fixture 43).
az_in=$here/../testdata/convert/43-az-legacy-example/input.yaml
az_out=$here/../testdata/convert/43-az-legacy-example/expected.yaml
for f in "$az_in" "$az_out"; do
	if [ ! -f "$f" ]; then
		echo "$0: missing $f" >&2
		exit 2
	fi
done

bg_pids=()
cleanup() {
	local p
	for p in ${bg_pids[@]+"${bg_pids[@]}"}; do
		kill "$p" 2>/dev/null || true
	done
	rm -rf "$work"
}
work=$(mktemp -d)
trap cleanup EXIT
trap 'exit 130' HUP INT TERM
work=$(cd "$work" && pwd -P) # the path realpath(3) gives, as the report prints it

out=$work/stdout
err=$work/stderr



# check WHAT COMMAND...: one check, passed when COMMAND succeeds
check() {
	local what=$1
	shift
	if "$@"; then pass; else fail "$what" "$err"; fi
}

# check_rc WHAT WANT: the exit status of the last run
check_rc() {
	if [ "$rc" = "$2" ]; then pass; else fail "$1: exit status $rc, want $2" "$err"; fi
}

# check_err WHAT LINE: stderr of the last run is exactly LINE (one line)
check_err() {
	if [ "$(cat "$err")" = "$2" ] && [ "$(wc -l <"$err")" -eq 1 ]; then
		pass
	else
		fail "$1: stderr is not the one line: $2" "$err"
	fi
}

# check_err_has WHAT TEXT: stderr is one line that starts with "kubeconvert: error: "
# and contains TEXT
check_err_has() {
	local s
	s=$(cat "$err")
	case $s in
	"kubeconvert: error: "*"$2"*)
		if [ "$(wc -l <"$err")" -eq 1 ]; then pass; else fail "$1: more than one line on stderr" "$err"; fi ;;
	*) fail "$1: stderr is not one error line containing: $2" "$err" ;;
	esac
}

# check_same WHAT WANT_FILE GOT_FILE: byte for byte
check_same() {
	if cmp -s "$2" "$3"; then
		pass
	else
		fail "$1: $3 differs from $2"
		diff -u "$2" "$3" 2>&1 | head -n 20 | sed 's/^/    /' || true
	fi
}

# check_only WHAT DIR NAME...: DIR holds exactly these entries (no lock, no temporary)
check_only() {
	local what=$1 dir=$2 want got
	shift 2
	want=$(printf '%s\n' "$@" | LC_ALL=C sort)
	got=$(cd "$dir" && find . -mindepth 1 -maxdepth 1 | sed 's|^\./||' | LC_ALL=C sort)
	if [ "$got" = "$want" ]; then
		pass
	else
		fail "$what: $dir holds: $(printf '%s' "$got" | tr '\n' ' ') (want: $(printf '%s' "$want" | tr '\n' ' '))"
	fi
}


# stamp FILE: inode, mtime and permission bits
stamp() { stat -c '%i %Y %a' "$1"; }

# A fresh directory for one group of checks.
newdir() {
	local d=$work/$1
	mkdir "$d"
	echo "$d"
}

# mkfile DEST SRC [MODE]: a copy with a known mode and an old mtime, so that any
# rewrite shows in the mtime
mkfile() {
	cat "$2" >"$1"
	chmod "${3:-644}" "$1"
	touch -d '2001-02-03 04:05:06' "$1"
}

# run DIR [NAME=value...] -- ARG...: the binary in DIR, with only PATH, HOME=DIR and
# the given variables; stdin from $stdin (default /dev/null). Sets rc; the output is
# in $out and $err.
stdin=/dev/null
run() {
	local dir=$1
	shift
	local envs=()
	while [ "$1" != -- ]; do
		envs+=("$1")
		shift
	done
	shift
	rc=0
	(cd "$dir" && exec env -i PATH="$PATH" HOME="$dir" ${envs[@]+"${envs[@]}"} "$bin" "$@") \
		<"$stdin" >"$out" 2>"$err" || rc=$?
}

# run_bg DIR OUTPREFIX ARG...: as run, in the background; sets pid
run_bg() {
	local dir=$1 prefix=$2
	shift 2
	(cd "$dir" && exec env -i PATH="$PATH" HOME="$dir" "$bin" "$@") \
		</dev/null >"$prefix.stdout" 2>"$prefix.stderr" &
	pid=$!
	bg_pids+=("$pid")
}

# Inline inputs.
not_azure=$work/not-azure.yaml
cat >"$not_azure" <<'EOF'
apiVersion: v1
clusters:
- cluster:
    server: https://kind-dev:6443
  name: kind-dev
contexts:
- context:
    cluster: kind-dev
    user: kind-dev
  name: kind-dev
current-context: kind-dev
kind: Config
preferences: {}
users:
- name: kind-dev
  user:
    token: kind-dev-token
EOF
broken=$work/broken.yaml
cat >"$broken" <<'EOF'
apiVersion: v1
users:
- name: aks-user
  user:
    auth-provider: {name: azure
EOF

# ---- a stale lock: started first, in the background, since it waits 10 s --------
stale=$(newdir stale)
mkfile "$stale/config" "$az_in"
echo "held by tests/files.sh" >"$stale/config.lock"
stale_stamp=$(stamp "$stale/config")
stale_start=$(date +%s)
run_bg "$stale" "$work/stale" config
stale_pid=$pid

# ---- nothing to convert: not rewritten -------------------------------------------
d=$(newdir noop)
mkfile "$d/config" "$not_azure" 640
before=$(stamp "$d/config")
run "$d" -- config
check_rc "nothing to convert" 0
check "nothing to convert: the file is not rewritten (inode, mtime, mode)" \
	test "$(stamp "$d/config")" = "$before"
check_same "nothing to convert: the bytes" "$not_azure" "$d/config"
check "nothing to convert: quiet, as kubelogin (no report line)" test ! -s "$err"
run "$d" -- --verbose config
check "nothing to convert, --verbose: the absolute path and each user" test "$(cat "$err")" = \
	"kubeconvert: $d/config: unchanged
kubeconvert: $d/config: user \"kind-dev\": not an azure user"
check_only "nothing to convert: nothing left behind" "$d" config

# an empty file: the same
: >"$d/empty"
touch -d '2001-02-03 04:05:06' "$d/empty"
before=$(stamp "$d/empty")
run "$d" -- empty
check_rc "empty file" 0
check "empty file: not rewritten" test "$(stamp "$d/empty")" = "$before"
check "empty file: still empty" test ! -s "$d/empty"
check "empty file: nothing said" test ! -s "$err"
run "$d" -- -v 1 empty
check_err "empty file, -v 1: the report" "kubeconvert: $d/empty: unchanged, no users"
check_only "empty file: nothing left behind" "$d" config empty

# ---- converted: new inode, same mode; a second run changes nothing ---------------
d=$(newdir convert)
mkfile "$d/config" "$az_in" 640
before=$(stamp "$d/config")
run "$d" -- config
check_rc "convert" 0
check_same "convert: the result" "$az_out" "$d/config"
check "convert: permission bits kept (640)" test "$(stat -c %a "$d/config")" = 640
check "convert: replaced by a new file (new inode)" \
	test "$(stat -c %i "$d/config")" != "${before%% *}"
check_err "convert: the report" "kubeconvert: $d/config: converted 1 of 2 users"
check_only "convert: nothing left behind" "$d" config
touch -d '2001-02-03 04:05:06' "$d/config"
before=$(stamp "$d/config")
run "$d" -- config
check_rc "convert twice" 0
check "convert twice: the second run does not rewrite (inode, mtime, mode)" \
	test "$(stamp "$d/config")" = "$before"
check_same "convert twice: the result" "$az_out" "$d/config"
check "convert twice: nothing said" test ! -s "$err"
run "$d" -- --verbose config
check "convert twice, --verbose: each user" test "$(cat "$err")" = \
	"kubeconvert: $d/config: unchanged
kubeconvert: $d/config: user \"clusterUser_rg-prod_aks-prod\": already kubelogin devicecode
kubeconvert: $d/config: user \"kind-dev\": not an azure user"
check_only "convert twice: nothing left behind" "$d" config

# other permission bits, under a umask that would change them
mkfile "$d/private" "$az_in" 600
rc=0
(cd "$d" && umask 027 && exec env -i PATH="$PATH" HOME="$d" "$bin" -q private) >"$out" 2>"$err" || rc=$?
check_rc "convert 0600 under umask 027" 0
check "convert 0600 under umask 027: still 600" test "$(stat -c %a "$d/private")" = 600
mkfile "$d/shared" "$az_in" 664
rc=0
(cd "$d" && umask 077 && exec env -i PATH="$PATH" HOME="$d" "$bin" -q shared) >"$out" 2>"$err" || rc=$?
check_rc "convert 0664 under umask 077" 0
check "convert 0664 under umask 077: still 664" test "$(stat -c %a "$d/shared")" = 664

# ---- a symlink: followed, and stays a link ---------------------------------------
d=$(newdir symlink)
mkdir "$d/real"
mkfile "$d/real/kubeconfig" "$az_in"
ln -s real/kubeconfig "$d/config"
run "$d" -- -q config
check_rc "symlink" 0
check "symlink: the link is still a link" test -L "$d/config"
check "symlink: the link still points where it did" test "$(readlink "$d/config")" = real/kubeconfig
check_same "symlink: its target is converted" "$az_out" "$d/real/kubeconfig"
check_only "symlink: nothing left next to the link" "$d" config real
check_only "symlink: nothing left next to the target" "$d/real" kubeconfig

# ---- standard input and output, -o -------------------------------------------------
d=$(newdir stdio)
mkfile "$d/config" "$az_in"
stdin=$d/config
run "$d" -- -
stdin=/dev/null
check_rc "stdin" 0
check_same "stdin: the result on stdout" "$az_out" "$out"
check_err "stdin: the report" "kubeconvert: <stdin>: converted 1 of 2 users"
check_same "stdin: the input file is untouched" "$az_in" "$d/config"
check_only "stdin: nothing written in the directory" "$d" config

stdin=$d/config
run "$d" -- -q -
stdin=/dev/null
check "stdin -q: nothing on stderr" test ! -s "$err"

mkfile "$d/in.yaml" "$az_in" 600
before=$(stamp "$d/in.yaml")
run "$d" -- -o out.yaml in.yaml
check_rc "-o FILE" 0
check_same "-o FILE: the result" "$az_out" "$d/out.yaml"
check "-o FILE: the input is untouched (inode, mtime, mode)" test "$(stamp "$d/in.yaml")" = "$before"
check_same "-o FILE: the input's bytes" "$az_in" "$d/in.yaml"
check "-o FILE: the output gets the input's permission bits (600)" \
	test "$(stat -c %a "$d/out.yaml")" = 600
check_err "-o FILE: the report" "kubeconvert: $d/in.yaml -> out.yaml: converted 1 of 2 users"
check_only "-o FILE: nothing else written" "$d" config in.yaml out.yaml

run "$d" -- -q -o - in.yaml
check_rc "-o -" 0
check_same "-o -: the result on stdout" "$az_out" "$out"
check_same "-o -: the input is untouched" "$az_in" "$d/in.yaml"

mkfile "$d/second.yaml" "$az_in"
run "$d" -- -o out2.yaml in.yaml second.yaml
check_rc "-o with two inputs" 2
check_err_has "-o with two inputs: the message" "-o/--output"
check "-o with two inputs: nothing written" test ! -e "$d/out2.yaml"
check_same "-o with two inputs: the inputs are untouched" "$az_in" "$d/second.yaml"

mkfile "$d/a.yaml" "$az_in"
mkfile "$d/b.yaml" "$az_in"
run "$d" KUBECONFIG=a.yaml:b.yaml -- -o out3.yaml
check_rc "-o with two \$KUBECONFIG files" 2
check "-o with two \$KUBECONFIG files: nothing written" test ! -e "$d/out3.yaml"
check_only "-o usage errors: nothing left behind" "$d" a.yaml b.yaml config in.yaml out.yaml second.yaml

# ---- several FILE arguments: separate units ---------------------------------------
d=$(newdir units)
mkfile "$d/good.yaml" "$az_in"
mkfile "$d/bad.yaml" "$broken"
mkfile "$d/good2.yaml" "$az_in"
run "$d" -- -q bad.yaml good.yaml
check_rc "a good and a bad file" 3
check_same "a good and a bad file: the good one is converted" "$az_out" "$d/good.yaml"
check_same "a good and a bad file: the bad one is untouched" "$broken" "$d/bad.yaml"
check_err_has "a good and a bad file: the error names the bad file" "bad.yaml:"
run "$d" -- -q good2.yaml bad.yaml
check_rc "a good and a bad file, good first" 3
check_same "a good and a bad file, good first: the good one is converted" "$az_out" "$d/good2.yaml"
check_only "several files: nothing left behind" "$d" bad.yaml good.yaml good2.yaml

# ---- $KUBECONFIG: one unit, first file wins ------------------------------------
d=$(newdir kubeconfig-env)
mkfile "$d/a.yaml" "$az_in"
cat >"$d/b.yaml" <<'EOF'
apiVersion: v1
kind: Config
users:
- name: clusterUser_rg-prod_aks-prod
  user:
    auth-provider:
      config:
        apiserver-id: 11111111-1111-1111-1111-111111111111
        client-id: 22222222-2222-2222-2222-222222222222
        config-mode: '1'
        tenant-id: 33333333-3333-3333-3333-333333333333
      name: azure
- name: aks-staging
  user:
    auth-provider:
      config:
        apiserver-id: 44444444-4444-4444-4444-444444444444
        client-id: 55555555-5555-5555-5555-555555555555
        config-mode: '1'
        tenant-id: 66666666-6666-6666-6666-666666666666
      name: azure
EOF
cat >"$work/b-expected.yaml" <<'EOF'
apiVersion: v1
kind: Config
users:
- name: clusterUser_rg-prod_aks-prod
  user:
    auth-provider:
      config:
        apiserver-id: 11111111-1111-1111-1111-111111111111
        client-id: 22222222-2222-2222-2222-222222222222
        config-mode: '1'
        tenant-id: 33333333-3333-3333-3333-333333333333
      name: azure
- name: aks-staging
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args:
      - get-token
      - --login
      - devicecode
      - --server-id
      - 44444444-4444-4444-4444-444444444444
      - --client-id
      - 55555555-5555-5555-5555-555555555555
      - --tenant-id
      - 66666666-6666-6666-6666-666666666666
      command: kubelogin
      installHint: |2

        kubelogin is not installed which is required to connect to AAD enabled cluster.

        To learn more, please go to https://azure.github.io/kubelogin/
EOF
cp "$d/b.yaml" "$work/b-input.yaml"
run "$d" KUBECONFIG="$d/a.yaml:$d/b.yaml" -- --verbose
check_rc "\$KUBECONFIG=a:b" 0
check_same "\$KUBECONFIG=a:b: a is converted" "$az_out" "$d/a.yaml"
check_same "\$KUBECONFIG=a:b: in b, the user a defines is left alone, the other converted" \
	"$work/b-expected.yaml" "$d/b.yaml"
check "\$KUBECONFIG=a:b: the report says b's user is defined first in a" \
	grep -qF "user \"clusterUser_rg-prod_aks-prod\": defined first in $d/a.yaml" "$err"
check_only "\$KUBECONFIG=a:b: nothing left behind" "$d" a.yaml b.yaml

mkfile "$d/a.yaml" "$az_in"
mkfile "$d/b.yaml" "$broken"
before=$(stamp "$d/a.yaml")
run "$d" KUBECONFIG="$d/a.yaml:$d/b.yaml" -- -q
check_rc "\$KUBECONFIG=a:b, b broken" 3
check "\$KUBECONFIG=a:b, b broken: a is not written either" test "$(stamp "$d/a.yaml")" = "$before"
check_same "\$KUBECONFIG=a:b, b broken: a's bytes" "$az_in" "$d/a.yaml"
check_err_has "\$KUBECONFIG=a:b, b broken: the error names b" "$d/b.yaml:"
check_only "\$KUBECONFIG=a:b, b broken: nothing left behind" "$d" a.yaml b.yaml

# The same file twice under two spellings: kubectl reads it twice (first wins);
# the run must not wait for its own lock.
d=$(newdir kubeconfig-twice)
mkfile "$d/config" "$az_in"
rc=0
(cd "$d" && exec timeout 4 env -i PATH="$PATH" HOME="$d" KUBECONFIG="config:./config" "$bin" -q) \
	</dev/null >"$out" 2>"$err" || rc=$?
if [ "$rc" = 124 ]; then
	fail "\$KUBECONFIG=config:./config: still running after 4 s (waiting for its own config.lock)"
	rm -f "$d/config.lock"
else
	check_rc "\$KUBECONFIG=config:./config" 0
	check_same "\$KUBECONFIG=config:./config: converted once" "$az_out" "$d/config"
fi
check_only "\$KUBECONFIG=config:./config: nothing left behind" "$d" config

# ---- missing files ---------------------------------------------------------------
d=$(newdir missing)
run "$d" -- nope.yaml
check_rc "missing FILE" 3
check_err_has "missing FILE: the message names it" "nope.yaml"
check_only "missing FILE: nothing created" "$d"

# No kubeconfig at all: kubelogin changes nothing and exits 0; we say so.
run "$d" --
check_rc "no FILE, no \$KUBECONFIG, no ~/.kube/config" 0
check_err "no ~/.kube/config: the message" \
	"kubeconvert: no kubeconfig: ~/.kube/config does not exist and \$KUBECONFIG is not set; nothing to convert"
check_only "no ~/.kube/config: nothing created (no ~/.kube)" "$d"

mkdir "$d/.kube"
run "$d" -- -q
check_rc "no ~/.kube/config, ~/.kube exists" 0
check_only "no ~/.kube/config, ~/.kube exists: nothing created in it" "$d/.kube"
rmdir "$d/.kube"

rc=0
(cd "$d" && exec env -i PATH="$PATH" "$bin") </dev/null >"$out" 2>"$err" || rc=$?
check_rc "no FILE, no \$KUBECONFIG, HOME unset" 3
check_err_has "HOME unset: the message" "HOME"
check_only "HOME unset: nothing created" "$d"

# A $KUBECONFIG entry that does not exist is skipped, as kubectl and kubelogin do.
run "$d" KUBECONFIG="$d/absent.yaml" --
check_rc "\$KUBECONFIG names a missing file" 0
check "\$KUBECONFIG names a missing file: a warning, then no kubeconfig" test "$(cat "$err")" = \
	"kubeconvert: warning: $d/absent.yaml (in \$KUBECONFIG) does not exist; skipped
kubeconvert: no kubeconfig: no file that \$KUBECONFIG names exists; nothing to convert"
check_only "\$KUBECONFIG names a missing file: nothing created" "$d"
mkfile "$d/present.yaml" "$az_in"
run "$d" KUBECONFIG="$d/absent.yaml:$d/present.yaml" --
check_rc "\$KUBECONFIG=absent:present" 0
check_same "\$KUBECONFIG=absent:present: present is converted" "$az_out" "$d/present.yaml"
check "\$KUBECONFIG=absent:present: the warning, then the report" test "$(cat "$err")" = \
	"kubeconvert: warning: $d/absent.yaml (in \$KUBECONFIG) does not exist; skipped
kubeconvert: $d/present.yaml: converted 1 of 2 users"
mkfile "$d/present.yaml" "$az_in"
run "$d" KUBECONFIG="$d/absent.yaml:$d/present.yaml" -- -q
check "\$KUBECONFIG=absent:present, -q: errors only, so nothing" test ! -s "$err"
rm "$d/present.yaml"

# ~/.kube/config is the default
mkdir "$d/.kube"
mkfile "$d/.kube/config" "$az_in"
run "$d" -- -q
check_rc "\$HOME/.kube/config" 0
check_same "\$HOME/.kube/config: converted" "$az_out" "$d/.kube/config"
check_only "\$HOME/.kube/config: nothing left behind" "$d/.kube" config
rm -rf "$d/.kube"

# ---- a directory as FILE ---------------------------------------------------------
d=$(newdir directory)
mkdir "$d/dir"
run "$d" -- dir
check_rc "a directory" 3
check_err_has "a directory: the message names it" "dir"
check_err "a directory: the message" "kubeconvert: error: dir: cannot read: is a directory, not a kubeconfig file"
check_only "a directory: nothing left behind (no dir.lock)" "$d" dir
check_only "a directory: nothing created in it" "$d/dir"
mkfile "$d/config" "$az_in"
run "$d" -- -q -o dir config
check_rc "-o a directory" 3
check_err "-o a directory: the message" "kubeconvert: error: dir: cannot write dir: it is a directory, not a regular file"
check_only "-o a directory: nothing created in it" "$d/dir"
check_only "-o a directory: nothing left behind" "$d" config dir

# ---- paths that are not files to rewrite ----------------------------------------
# A hard-linked file: renaming the new content over one name would leave the
# other names with the old content (sed -i does that, silently); kubectl
# writes in place. Refused, untouched; --check, --dry-run and -o still read it.
d=$(newdir hardlink)
mkfile "$d/config" "$az_in"
ln "$d/config" "$d/other"
before=$(stamp "$d/config")
run "$d" -- -q config
check_rc "hard-linked file" 3
check_err "hard-linked file: the message" \
	"kubeconvert: error: config: has 2 hard links: replacing it would leave the other names with the old content; not converted (use -o to write a copy)"
check "hard-linked file: untouched, still linked (inode, mtime, mode)" \
	test "$(stamp "$d/config")" = "$before" -a "$(stat -c %h "$d/config")" = 2
check_only "hard-linked file: nothing left behind" "$d" config other
run "$d" -- -q --check config
check_rc "hard-linked file, --check" 1
run "$d" -- -q -o out.yaml config
check_rc "hard-linked file, -o" 0
check_same "hard-linked file, -o: the result" "$az_out" "$d/out.yaml"
# in a $KUBECONFIG unit, one such file means none is written
mkfile "$d/plain" "$az_in"
run "$d" KUBECONFIG=plain:config -- -q
check_rc "hard-linked file in \$KUBECONFIG" 3
check_same "hard-linked file in \$KUBECONFIG: the other file is not written either" "$az_in" "$d/plain"

# A read-only file: kubeconvert replaces a file only where kubectl could write it,
# so it is refused for a user without write permission (tests/safety.sh runs that
# case as nobody); root may write it, and the file keeps its mode 0444.
d=$(newdir readonly)
mkfile "$d/config" "$az_in" 444
run "$d" -- -q config
if [ "$(id -u)" = 0 ]; then
	check_rc "read-only file, as root" 0
	check_same "read-only file, as root: converted" "$az_out" "$d/config"
	check "read-only file, as root: still 0444" test "$(stat -c %a "$d/config")" = 444
else
	check_rc "read-only file" 3
	check_err "read-only file: the message" \
		"kubeconvert: error: config: is read-only for this user (mode 0444), as kubectl would find it; not converted (make it writable, or use -o)"
	check_same "read-only file: untouched" "$az_in" "$d/config"
fi
check_only "read-only file: nothing left behind" "$d" config

# Names of descriptors and FIFOs: reading them "in place" would hang, or rewrite
# whatever the shell opened, or create /dev/stdin.lock. - is standard input, and
# -o - standard output. Where a wrong build would write, the names are links of
# our own to /proc/self/fd/N, as /dev/stdin and /dev/stdout are: a build that
# renames over them must not replace /dev/stdout itself (one did, as root).
d=$(newdir not-files)
mkfile "$d/config" "$az_in"
ln -s /proc/self/fd/0 "$d/stdin"
ln -s /proc/self/fd/1 "$d/stdout"
stdin=$d/config
run "$d" -- -q stdin
stdin=/dev/null
check_rc "a link to /proc/self/fd/0, redirected from a file" 3
check_err "a link to /proc/self/fd/0: the message" \
	"kubeconvert: error: stdin: names a file descriptor, not a file; use - to read standard input"
check_same "a link to /proc/self/fd/0, redirected from a file: that file is untouched" "$az_in" "$d/config"
rc=0
(cd "$d" && cat config | exec env -i PATH="$PATH" HOME="$d" "$bin" -q /dev/fd/0 >"$out" 2>"$err") || rc=$?
check_rc "/dev/fd/0 from a pipe" 3
check_err_has "/dev/fd/0 from a pipe: the message" "use - to read standard input"
rc=0
(cd "$d" && cat config | exec env -i PATH="$PATH" HOME="$d" "$bin" -q /dev/stdin >"$out" 2>"$err") || rc=$?
check_rc "/dev/stdin from a pipe" 3
check_err_has "/dev/stdin from a pipe: the message" "use - to read standard input"
if mkfifo "$d/fifo"; then
	rc=0
	(cd "$d" && exec timeout 5 env -i PATH="$PATH" HOME="$d" "$bin" -q fifo) </dev/null >"$out" 2>"$err" || rc=$?
	check_rc "a FIFO" 3
	check_err "a FIFO: the message" "kubeconvert: error: fifo: is a FIFO, not a regular file; use - to read standard input"
	rc=0
	(cd "$d" && exec timeout 5 env -i PATH="$PATH" HOME="$d" "$bin" -q -o fifo config) </dev/null >"$out" 2>"$err" || rc=$?
	check_rc "-o a FIFO" 3
	check_err "-o a FIFO: the message" \
		"kubeconvert: error: fifo: cannot write fifo: it is a FIFO, not a regular file; use -o - to write standard output"
	check "-o a FIFO: still a FIFO" test -p "$d/fifo"
	rm "$d/fifo"
else
	echo "skip: mkfifo failed, FIFOs not tested"
fi
rc=0
(cd "$d" && exec env -i PATH="$PATH" HOME="$d" "$bin" -q -o stdout config >"$out" 2>"$err") || rc=$?
check_rc "-o a link to /proc/self/fd/1" 3
check_err "-o a link to /proc/self/fd/1: the message" \
	"kubeconvert: error: stdout: cannot write stdout: it names a file descriptor, not a file; use -o - to write standard output"
check "-o a link to /proc/self/fd/1: nothing written" test ! -s "$out" -a -L "$d/stdout"
check_same "not files: the file is untouched" "$az_in" "$d/config"
check_only "not files: nothing left behind" "$d" config stdin stdout

# ---- a lock held by someone else ---------------------------------------------------
d=$(newdir lock)
mkfile "$d/config" "$az_in"
echo "held by tests/files.sh" >"$d/config.lock"
run_bg "$d" "$work/lock" -q config
sleep 1
if kill -0 "$pid" 2>/dev/null; then
	pass
else
	fail "lock held: the run did not wait for config.lock" "$work/lock.stderr"
fi
check_same "lock held: the file is untouched while the lock is held" "$az_in" "$d/config"
rm -f "$d/config.lock"
rc=0
wait "$pid" || rc=$?
check_rc "lock released after 1 s: the run goes on" 0
check_same "lock released after 1 s: converted" "$az_out" "$d/config"
check_only "lock released after 1 s: no lock or temporary left" "$d" config

# kubectl locks the path it was given: for a symlink, LINK.lock. A run on the link
# must wait for that lock too.
d=$(newdir lock-symlink)
mkdir "$d/real"
mkfile "$d/real/kubeconfig" "$az_in"
ln -s real/kubeconfig "$d/config"
echo "held by kubectl" >"$d/config.lock"
run_bg "$d" "$work/lock-symlink" -q config
sleep 1
if kill -0 "$pid" 2>/dev/null; then
	pass
	check_same "symlink, link.lock held: the target is untouched while the lock is held" \
		"$az_in" "$d/real/kubeconfig"
else
	fail "symlink, link.lock held: the run did not wait for config.lock (the lock kubectl takes for the link)" \
		"$work/lock-symlink.stderr"
fi
rm -f "$d/config.lock"
rc=0
wait "$pid" || rc=$?
check_rc "symlink, link.lock released" 0
check_same "symlink, link.lock released: the target is converted" "$az_out" "$d/real/kubeconfig"
check_only "symlink, link.lock released: nothing left next to the link" "$d" config real
check_only "symlink, link.lock released: nothing left next to the target" "$d/real" kubeconfig

# ---- write errors ----------------------------------------------------------------
d=$(newdir write-errors)
mkfile "$d/config" "$az_in"
if [ -c /dev/full ]; then
	run "$d" -- -q -o /dev/full config
	check_rc "-o /dev/full" 3
	check_err_has "-o /dev/full: the message names it" "/dev/full"
	check_same "-o /dev/full: the input is untouched" "$az_in" "$d/config"

	rc=0
	(cd "$d" && exec env -i PATH="$PATH" HOME="$d" "$bin" -q - <config >/dev/full 2>"$err") || rc=$?
	check_rc "stdin to a full stdout" 3
	check_err_has "stdin to a full stdout: the message" "cannot write"

	rc=0
	(cd "$d" && exec env -i PATH="$PATH" HOME="$d" "$bin" --version >/dev/full 2>"$err") || rc=$?
	check_rc "--version to a full stdout" 3
else
	echo "skip: no /dev/full"
fi
run "$d" -- -q -o /dev/null config
check_rc "-o /dev/null" 0
check "-o /dev/null: still a device" test -c /dev/null
check_same "-o /dev/null: the input is untouched" "$az_in" "$d/config"
check_only "write errors: nothing left behind" "$d" config

# ---- the command line --------------------------------------------------------------
d=$(newdir cli)
mkfile "$d/config" "$az_in"
run "$d" -- --version
check_rc "--version" 0
check "--version: prints kubeconvert and a version" grep -qE '^kubeconvert [0-9]+\.[0-9]+\.[0-9]+$' "$out"
check "--version: nothing on stderr" test ! -s "$err"
run "$d" -- --help
check_rc "--help" 0
check "--help: prints the usage" grep -q '^Usage: kubeconvert' "$out"
check "--help: nothing on stderr" test ! -s "$err"
for opt in --no-such-option -Z --legacy=maybe --format=yaml; do
	run "$d" -- "$opt" config
	check_rc "$opt" 2
	check_err_has "$opt: the message" ""
done
run "$d" -- config --login
check_rc "--login without a value" 2
check_err_has "--login without a value: the message" "--login"
run "$d" -- -l nosuchmethod config
check_rc "-l nosuchmethod" 2
check_err_has "-l nosuchmethod: the message" "'nosuchmethod' is not a supported login method"
run "$d" AAD_LOGIN_METHOD=nosuchmethod -- config
check_rc "AAD_LOGIN_METHOD=nosuchmethod" 2
check_same "usage errors: the file is untouched" "$az_in" "$d/config"
check_only "usage errors: nothing left behind" "$d" config

run "$d" -- convert-kubeconfig -q config
check_rc "convert-kubeconfig FILE" 0
check_same "convert-kubeconfig FILE: converted" "$az_out" "$d/config"
check "convert-kubeconfig FILE: nothing on stderr" test ! -s "$err"
mkdir "$d/.kube"
mkfile "$d/.kube/config" "$az_in"
run "$d" -- convert-kubeconfig -q
check_rc "convert-kubeconfig alone" 0
check_same "convert-kubeconfig alone: ~/.kube/config converted" "$az_out" "$d/.kube/config"
check_only "convert-kubeconfig: nothing left behind" "$d" .kube config

# ---- several edits on one line, in every output mode -----------------------------
# A one-line JSON kubeconfig (`kubectl config view --raw -o json | jq -c .`) with two
# legacy users carrying cached tokens: every mode gives the same bytes (fixture 100
# checks them without tokens), and the dry-run masks both tokens.
d=$(newdir one-line)
one_in=$d/one-line.json
one_out=$d/one-line.expected
one_user='{"name":"@","user":{"auth-provider":{"name":"azure","config":{"apiserver-id":"s","client-id":"c","tenant-id":"t","config-mode":"1","access-token":"SECRET-@"}}}}'
one_exec='{"name":"@","user":{"exec":{"apiVersion":"client.authentication.k8s.io/v1beta1","args":["get-token","--login","devicecode","--server-id","s","--client-id","c","--tenant-id","t"],"command":"kubelogin","installHint":"\nkubelogin is not installed which is required to connect to AAD enabled cluster.\n\nTo learn more, please go to https://azure.github.io/kubelogin/\n"}}}'
printf '{"apiVersion":"v1","kind":"Config","users":[%s,%s]}\n' "${one_user//@/a}" "${one_user//@/b}" >"$one_in"
printf '{"apiVersion":"v1","kind":"Config","users":[%s,%s]}\n' "${one_exec//@/a}" "${one_exec//@/b}" >"$one_out"
mkfile "$d/config" "$one_in"
run "$d" -- -q config
check_rc "one line, in place" 0
check_same "one line, in place: both users converted" "$one_out" "$d/config"
check_only "one line, in place: nothing else written" "$d" config one-line.json one-line.expected
mkfile "$d/in.json" "$one_in"
run "$d" -- -q -o out.json in.json
check_rc "one line, -o FILE" 0
check_same "one line, -o FILE: the result" "$one_out" "$d/out.json"
check_same "one line, -o FILE: the input is untouched" "$one_in" "$d/in.json"
run "$d" -- -q -o - in.json
check_rc "one line, -o -" 0
check_same "one line, -o -: the result on stdout" "$one_out" "$out"
stdin=$d/in.json
run "$d" -- -q -
stdin=/dev/null
check_same "one line, stdin: the result on stdout" "$one_out" "$out"
run "$d" -- -q --dry-run in.json
check_rc "one line, --dry-run" 0
check "one line, --dry-run: header, one hunk, one line out, one line in" \
	test "$(grep -c '' "$out")" = 5 -a "$(sed -n 3p "$out")" = "@@ -1,1 +1,1 @@"
check "one line, --dry-run: the tokens are masked" lacks SECRET "$out"
check "one line, --dry-run: the new line is the result's" \
	test "$(sed -n 5p "$out")" = "+$(cat "$one_out")"
check "one line, --dry-run: text only (no stray heap bytes)" \
	test "$(tr -d '[:print:]\n' <"$out" | wc -c)" = 0
check_same "one line, --dry-run: the file is untouched" "$one_in" "$d/in.json"
run "$d" -- --check in.json
check_rc "one line, --check" 1
check "one line, --check: names the file" test "$(cat "$out")" = in.json
run "$d" -- -q --report=json in.json
check_rc "one line, --report=json" 0
if command -v jq >/dev/null 2>&1; then
	check "one line, --report=json: two users converted, file written" \
		test "$(jq -c '[.files[0].written, [.files[0].users[].action]]' "$out")" = '[true,["converted","converted"]]'
fi
check_same "one line, --report=json: the result" "$one_out" "$d/in.json"
# --format azure back on the converted one-line file: one line again (tokens gone)
run "$d" -- -q --format azure --dry-run out.json
check_rc "one line, --format azure --dry-run" 0
check "one line, --format azure --dry-run: one hunk, one line out, one line in" \
	test "$(grep -c '' "$out")" = 5
run "$d" -- -q --format azure out.json
check_rc "one line, --format azure" 0
check "one line, --format azure: two legacy users on the line" \
	test "$(grep -o '"auth-provider":{"config"' "$d/out.json" | wc -l)" = 2 -a "$(grep -c '' "$d/out.json")" = 1

# ---- kubectl reads a converted file --------------------------------------------------
if command -v kubectl >/dev/null 2>&1; then
	d=$(newdir kubectl)
	mkfile "$d/config" "$az_in"
	run "$d" -- -q config
	rc=0
	kubectl_view "$d/config" "$d" >"$out" 2>"$err" || rc=$?
	check_rc "kubectl config view on a converted file" 0
	check "kubectl config view: the user has the exec entry" grep -q '"command": "kubelogin"' "$out"
	check "kubectl config view: no auth-provider left" lacks auth-provider "$out"
else
	echo "skip: kubectl not found, read-back not run"
fi

# ---- the stale lock, started at the top --------------------------------------------
rc=0
wait "$stale_pid" || rc=$?
stale_end=$(date +%s)
cp "$work/stale.stderr" "$err"
check_rc "stale lock" 3
check_err "stale lock: the message names the lock" \
	"kubeconvert: error: config: $stale/config.lock exists: another process is writing this file (waited 10 s; remove the lock if it is stale)"
check "stale lock: it waited (about 10 s)" test $((stale_end - stale_start)) -ge 9
check "stale lock: the file is not written" test "$(stamp "$stale/config")" = "$stale_stamp"
check "stale lock: someone else's lock is left in place" \
	grep -qx "held by tests/files.sh" "$stale/config.lock"
check_only "stale lock: no temporary left" "$stale" config config.lock

summary
