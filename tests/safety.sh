#!/usr/bin/env bash
# Safety tests for kubeconvert: what must hold when a run is killed, raced or
# refused, since a kubeconfig is often the user's only copy.
#   (a) kills: in-place conversions of a ~55 MB file SIGKILLed after several
#       delays leave the file either as it was or fully converted, never in
#       between; SIGTERM and SIGINT also leave no temporary and no lock behind,
#       even when they come the moment the run has created one of them
#   (a2) many files: 100 and 1000 files, as one $KUBECONFIG unit and as FILE
#       arguments; SIGTERM, SIGINT and SIGHUP while the locks are taken, as a
#       file is written, right after a file was renamed into place: every file
#       is its original or its conversion, nothing is left behind
#   (b) races: 8 runs at once on one file, each with its own -l, all succeed
#       (they take turns through the lock) and the file ends as their
#       conversions applied one after the other
#   (c) -o /dev/full: exit 3, the error names it, the input untouched
#   (d) a directory the user cannot write, or a file: exit 3, the file untouched
#
# usage: tests/safety.sh PATH/TO/kubeconvert
#
# Needs cc (to build bench/gen.c); uses strace, setpriv (or su) and kubectl when
# they are there, and says "skip: ..." when not. Prints one "FAIL: ..." line per
# failed check, "ok ..." notes on what the kills hit, and closes with
# "N passed, M failed". Takes about 10 s (20 s with an ASan build).
set -eu

if [ $# -ne 1 ]; then
	echo "usage: $0 PATH/TO/kubeconvert" >&2
	exit 2
fi
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
need_bin "$1"
here=$(cd "$(dirname "$0")" && pwd)
az_in=$here/../testdata/convert/43-az-legacy-example/input.yaml

running=() # runs started in the background and not yet waited for
cleanup() {
	local p
	for p in ${running[@]+"${running[@]}"}; do
		kill -KILL "$p" 2>/dev/null || true
	done
	rm -rf "$work"
}
work=$(mktemp -d)
trap cleanup EXIT
trap 'exit 130' HUP INT TERM
work=$(cd "$work" && pwd -P)

# pass, fail and summary: tests/lib.sh
note() { echo "ok $*"; }

# leftovers DIR NAME: temporaries and the lock a run on DIR/NAME may leave
leftovers() {
	(cd "$1" && find . -maxdepth 1 \( -name ".$2.kubeconvert-*" -o -name "$2.lock" \) | sed 's|^\./||' | LC_ALL=C sort | tr '\n' ' ')
}

# Start the binary in the background in DIR with SIGINT and SIGTERM at their
# defaults (a background job of a script would otherwise inherit SIGINT ignored).
default_signals=()
if env --default-signal=INT true 2>/dev/null; then
	default_signals=("--default-signal=INT,TERM,HUP")
fi
start() {
	local dir=$1 prefix=$2
	shift 2
	(cd "$dir" && exec env ${default_signals[@]+"${default_signals[@]}"} -i PATH="$PATH" HOME="$dir" "$bin" "$@") \
		</dev/null >"$prefix.stdout" 2>"$prefix.stderr" &
	pid=$!
	running+=("$pid")
}

# reap PID: wait for a run started by start; sets rc (bash reports no "Killed")
reap() {
	local p keep=()
	rc=0
	{ wait "$1"; } 2>/dev/null || rc=$?
	for p in "${running[@]}"; do
		[ "$p" = "$1" ] || keep+=("$p")
	done
	running=(${keep[@]+"${keep[@]}"})
}

# ---- (a) kills -----------------------------------------------------------------
if ! cc -O2 -o "$work/gen" "$here/../bench/gen.c"; then
	echo "$0: cannot build bench/gen.c" >&2
	exit 2
fi
d=$work/kill
mkdir "$d"
"$work/gen" 20000 >"$work/big.orig" # ~55 MB: a run takes about a second
"$work/gen" 2000 >"$work/mid.orig"  # ~5.5 MB
cp "$az_in" "$work/small.orig"
# the expected results, computed once
for f in big mid small; do
	if (cd "$d" && "$bin" -q -o "$work/$f.converted" "$work/$f.orig") 2>"$work/expected.stderr" &&
		! cmp -s "$work/$f.orig" "$work/$f.converted"; then
		pass
	else
		fail "kill: $f.orig does not convert with -o" "$work/expected.stderr"
	fi
done

# whole WHAT FILE: FILE is byte for byte $f.orig or $f.converted; sets state
whole() {
	if cmp -s "$2" "$work/$f.orig"; then
		pass
		state=original
	elif cmp -s "$2" "$work/$f.converted"; then
		pass
		state=converted
	else
		fail "$1: the file is neither the original nor the converted result ($(wc -c <"$2") bytes)"
		state=broken
	fi
}

# kill_round F SIG WHEN: convert a copy of F.orig in place (as F.yaml) and send SIG
# WHEN: after that many ms; "done": never; "lock": the moment the run's lock
# appears (a signal right after the run created it must still remove it);
# "write": the moment the lock gets its first bytes (in place, the new content
# is written into the lock, which is then renamed over the file).
# SIGKILL cannot be caught, so the run cannot clean up: the file must still be
# whole (rename is atomic), but F.yaml.lock (and a temporary) may stay. They are
# removed before the next round, which would otherwise wait 10 s for the lock.
kill_round() {
	local sig=$2 when=$3 left what written=no
	f=$1
	what="$f.yaml: SIG$sig after $when ms"
	case $when in
	done) what="$f.yaml: no signal" ;;
	lock) what="$f.yaml: SIG$sig when the lock appears" ;;
	write) what="$f.yaml: SIG$sig when the lock gets the new bytes" ;;
	esac
	cp "$work/$f.orig" "$d/$f.yaml"
	start "$d" "$work/kill" -q "$f.yaml"
	case $when in
	done) ;;
	lock) while [ ! -e "$d/$f.yaml.lock" ] && kill -0 "$pid" 2>/dev/null; do :; done ;;
	write) while [ ! -s "$d/$f.yaml.lock" ] && kill -0 "$pid" 2>/dev/null; do :; done ;;
	*) sleep "$((when / 1000)).$(printf '%03d' $((when % 1000)))" ;;
	esac
	if [ "$when" != "done" ]; then
		[ ! -s "$d/$f.yaml.lock" ] || written=yes
		kill -"$sig" "$pid" 2>/dev/null || true
	fi
	reap "$pid"
	whole "$what" "$d/$f.yaml"
	left=$(leftovers "$d" "$f.yaml")
	note "$what (the lock has bytes: $written): exit status $rc, the file is the $state one; left behind: $left"
	if [ "$when" = "done" ]; then
		if [ "$rc" = 0 ] && [ "$state" = converted ]; then pass; else fail "$what: exit status $rc, the file is the $state one" "$work/kill.stderr"; fi
	fi
	if [ "$sig" != KILL ] || [ "$when" = "done" ]; then
		if [ -z "$left" ]; then
			pass
		else
			fail "$what (exit status $rc): left behind: $left(the run must remove its temporary and lock)" "$work/kill.stderr"
		fi
	fi
	rm -f "$d/.$f.yaml.kubeconvert-"* "$d/$f.yaml.lock" "$d/$f.yaml"
}

# One full run, timed: the later kills land at fractions of it (the write, and
# so the lock's bytes, comes in its last part).
t0=$(date +%s%N)
kill_round big KILL "done"
total=$((($(date +%s%N) - t0) / 1000000))
note "a full in-place run of big.yaml takes $total ms"
for when in 5 20 50 100 200 $((total / 2)) $((total * 3 / 4)) $((total * 9 / 10)) $((total * 97 / 100)) write; do
	kill_round big KILL "$when"
done
for sig in TERM INT; do
	for when in 50 $((total / 2)) $((total * 9 / 10)) write; do
		kill_round big "$sig" "$when"
	done
	# the moments right after the lock is made, and it gets the new bytes, a few times
	for _ in 1 2 3; do
		kill_round small "$sig" lock
		kill_round mid "$sig" write
	done
done

# The same moments made exact with strace, which stops the run at a chosen system
# call and delivers the signal as that call returns (skipped without strace):
#  - right after the lock is created, or the new bytes written into it, or it
#    was renamed over the file, the run must leave the file whole and nothing
#    behind;
#  - right after the run gave up its lock (renamed over a converted file, or
#    unlinked when nothing changed), another writer (kubectl) may take that
#    lock: the run's handler must not remove it.
if strace -qq -o /dev/null true 2>/dev/null; then
	d=$work/strace
	mkdir "$d"
	# traced ARG...: the binary under strace in $d (ASan's leak check cannot run under ptrace)
	traced() {
		{ (cd "$d" && exec env ASAN_OPTIONS=detect_leaks=0 strace -qq -o /dev/null "$@" "$bin" -q config) \
			>"$work/strace.stdout" 2>"$work/strace.stderr"; } 2>/dev/null || rc=$?
	}
	# after_signal WHAT: the file is whole, nothing is left behind
	after_signal() {
		f=small
		whole "$1" "$d/config"
		left=$(leftovers "$d" config)
		if [ "$rc" = 0 ]; then
			fail "$1: the signal did not end the run (exit status 0)"
		elif [ -z "$left" ]; then
			pass
		else
			fail "$1 (exit status $rc): left behind: $left(the run must remove its temporary and lock)" "$work/strace.stderr"
		fi
		rm -f "$d/.config.kubeconvert-"* "$d/config.lock"
	}
	for sig in TERM INT; do
		for call in openat writev rename; do
			cp "$az_in" "$d/config"
			rc=0
			traced -P "$d/config.lock" -e trace=$call -e inject=$call:signal=$sig:when=1
			after_signal "SIG$sig as the lock's $call returns"
		done
	done
	# release_round CALL INPUT WHAT: the run's CALL that gives up its lock is held
	# back half a second at its return; in that time "kubectl" takes the lock,
	# and the run gets SIGTERM
	release_round() {
		cp "$2" "$d/config"
		rc=0
		(cd "$d" && exec env ASAN_OPTIONS=detect_leaks=0 strace -qq -o /dev/null -P "$d/config.lock" \
			-e trace="$1" -e inject="$1":delay_exit=500000:when=1 "$bin" -q config) \
			>"$work/strace.stdout" 2>"$work/strace.stderr" &
		spid=$!
		running+=("$spid")
		while [ ! -e "$d/config.lock" ] && kill -0 "$spid" 2>/dev/null; do :; done
		while [ -e "$d/config.lock" ] && kill -0 "$spid" 2>/dev/null; do :; done
		kpid=$(pgrep -P "$spid" || true) # the run: strace's child
		if [ -n "$kpid" ] && cmp -s "$d/config" "$work/small.converted"; then
			echo "held by kubectl" >"$d/config.lock"
			kill -TERM "$kpid" 2>/dev/null || true
			reap "$spid"
			if [ "$(cat "$d/config.lock" 2>/dev/null)" = "held by kubectl" ]; then
				pass
			else
				fail "SIGTERM after the run $3: its handler removed the lock another writer took since"
			fi
		else
			reap "$spid"
			note "SIGTERM after the run $3: not tested, the run was not caught in its $1"
		fi
		rm -f "$d/config.lock"
	}
	release_round rename "$az_in" "renamed its lock over the converted file"
	release_round unlink,unlinkat "$work/small.converted" "removed its lock (nothing to change)"
else
	echo "skip: strace cannot trace here: the exact signal moments are not tested"
fi
rm -f "$work"/*.orig "$work"/*.converted

# ---- (a2) many files: signals while locking, writing, between files -------------
# A $KUBECONFIG list is one unit: every file is locked and read before any is
# written, so a run on 1000 files holds 1000 locks at once. FILE arguments are
# units of their own: each is written before the next is locked. SIGTERM,
# SIGINT and SIGHUP while the locks are taken, as a file's new bytes are
# written, right after a file was renamed into place: afterwards every file is
# byte for byte its original or its conversion (and exactly the files before
# the signal are converted), and no lock or temporary is left.
d=$work/many
mkdir "$d" "$work/many.orig" "$work/many.conv"
az_out=$here/../testdata/convert/43-az-legacy-example/expected.yaml
in_text=$(cat "$az_in")
out_text=$(cat "$az_out")
for i in $(seq 1 1000); do # one azure user of its own in each file
	printf '%s\n' "${in_text//clusterUser_rg-prod_aks-prod/user-$i}" >"$work/many.orig/c$i.yaml"
	printf '%s\n' "${out_text//clusterUser_rg-prod_aks-prod/user-$i}" >"$work/many.conv/c$i.yaml"
done
(cd "$work/many.orig" && md5sum -- *.yaml) >"$work/many.orig.md5"
(cd "$work/many.conv" && md5sum -- *.yaml) >"$work/many.conv.md5"

# many_state N: how many of c1..cN.yaml in $d are byte for byte their original
# (n_orig) or their conversion (n_conv); n_broken: the others, missing included
many_state() {
	read -r n_orig n_conv <<<"$( (cd "$d" && md5sum -- c*.yaml) | awk '
		FILENAME == ARGV[1] { orig[$2] = $1; next }
		FILENAME == ARGV[2] { conv[$2] = $1; next }
		$1 == orig[$2] { o++ } $1 == conv[$2] { c++ }
		END { print o + 0, c + 0 }' "$work/many.orig.md5" "$work/many.conv.md5" -)"
	n_broken=$(($1 - n_orig - n_conv))
}

# many_round N MODE SIG MOMENT: c1..cN.yaml as one $KUBECONFIG unit (MODE set)
# or as N FILE arguments (MODE args); SIG at MOMENT: "done" (no signal),
# "locks" (when the lock of file 9N/10 appears: past the 64 the cleanup once
# had room for, at either N), or with strace, "writev" (as the
# new bytes of file N/2 are written into its lock) and "rename" (as file N/2
# is renamed into place). Checks the files and what is left behind.
many_round() {
	local n=$1 mode=$2 sig=$3 when=$4 half=$(($1 / 2)) names=() list what left want_conv
	for i in $(seq 1 "$n"); do names+=("c$i.yaml"); done
	list=$(IFS=:; echo "${names[*]}")
	what="$n files as $mode: SIG$sig at $when"
	[ "$when" != done ] || what="$n files as $mode: no signal"
	rm -f "$d"/* "$d"/.[!.]*
	(cd "$work/many.orig" && cp -- "${names[@]}" "$d/")
	local run_args=(-q) run_env=()
	if [ "$mode" = set ]; then run_env=(KUBECONFIG="$list"); else run_args+=("${names[@]}"); fi
	rc=0
	case $when in
	done | locks)
		(cd "$d" && exec env ${default_signals[@]+"${default_signals[@]}"} -i PATH="$PATH" HOME="$d" \
			${run_env[@]+"${run_env[@]}"} "$bin" "${run_args[@]}") </dev/null >"$work/many.stdout" 2>"$work/many.stderr" &
		pid=$!
		running+=("$pid")
		if [ "$when" = locks ]; then
			while [ ! -e "$d/c$((n * 9 / 10)).yaml.lock" ] && kill -0 "$pid" 2>/dev/null; do :; done
			kill -"$sig" "$pid" 2>/dev/null || true
		fi
		reap "$pid"
		;;
	*)
		{ (cd "$d" && exec env ASAN_OPTIONS=detect_leaks=0 ${run_env[@]+"${run_env[@]}"} strace -qq -o /dev/null \
			-e trace="$when" -e inject="$when:signal=$sig:when=$half" "$bin" "${run_args[@]}") \
			</dev/null >"$work/many.stdout" 2>"$work/many.stderr"; } 2>/dev/null || rc=$?
		;;
	esac
	many_state "$n"
	left=$(cd "$d" && find . -maxdepth 1 \( -name '*.lock' -o -name '.*.kubeconvert-*' \) | wc -l)
	note "$what: exit status $rc, $n_conv converted, $n_orig original, $n_broken neither; $left locks or temporaries left"
	if [ "$n_broken" = 0 ]; then pass; else fail "$what: $n_broken files are neither their original nor their conversion"; fi
	if [ "$left" = 0 ]; then pass; else fail "$what: $left locks or temporaries left behind" "$work/many.stderr"; fi
	case $when in
	done) want_conv=$n ;;
	locks) want_conv=0 ;;       # nothing is written before every file is locked and read
	writev) want_conv=$((half - 1)) ;; # file N/2's new bytes were in its lock, not yet in place
	rename) want_conv=$half ;;
	esac
	if [ "$n_conv" = "$want_conv" ]; then pass; else fail "$what: $n_conv files converted, want $want_conv" "$work/many.stderr"; fi
	if [ "$when" = done ]; then
		if [ "$rc" = 0 ]; then pass; else fail "$what: exit status $rc" "$work/many.stderr"; fi
	elif [ "$rc" != 0 ]; then
		pass
	else
		fail "$what: the signal did not end the run (exit status 0)"
	fi
}
moments=(locks)
if strace -qq -o /dev/null true 2>/dev/null; then
	moments+=(writev rename)
else
	echo "skip: strace cannot trace here: signals as a file is written or renamed are not tested"
fi
signals=(TERM INT HUP)
for n in 100 1000; do
	for mode in set args; do
		many_round "$n" "$mode" TERM done
		k=0
		for when in "${moments[@]}"; do
			# one file at a time: no lock of 9N/10 while the others wait
			[ "$mode:$when" != args:locks ] || continue
			# every signal at every moment for 1000 files, one each for 100
			for sig in "${signals[@]}"; do
				if [ "$n" = 1000 ] || [ "$sig" = "${signals[$((k % 3))]}" ]; then
					many_round "$n" "$mode" "$sig" "$when"
				fi
			done
			k=$((k + 1))
		done
	done
done

# Out of descriptors (each file of a unit keeps its lock open until written):
# the unit fails with the reason, nothing written, no lock left.
rm -f "$d"/*
(cd "$work/many.orig" && cp -- c{1..100}.yaml "$d/")
rc=0
(cd "$d" && ulimit -n 64 && exec env -i PATH="$PATH" HOME="$d" KUBECONFIG="$(IFS=:; set -- c{1..100}.yaml; echo "$*")" \
	"$bin" -q) </dev/null >"$work/many.stdout" 2>"$work/many.stderr" || rc=$?
many_state 100
left=$(cd "$d" && find . -maxdepth 1 \( -name '*.lock' -o -name '.*.kubeconvert-*' \) | wc -l)
if [ "$rc" = 3 ] && grep -q '^kubeconvert: error: .*Too many open files' "$work/many.stderr"; then
	pass
else
	fail "100 files as a set under ulimit -n 64: exit status $rc, want 3 and the reason" "$work/many.stderr"
fi
if [ "$n_orig" = 100 ] && [ "$left" = 0 ]; then
	pass
else
	fail "100 files as a set under ulimit -n 64: $n_orig of 100 files original, $left locks left"
fi
rm -rf "$d" "$work/many.orig" "$work/many.conv"

# ---- (b) races: 8 runs at once on one file -------------------------------------
# The ids are given as flags, so any method may follow any other (azurecli drops
# the tenant, which devicecode needs).
d=$work/race
mkdir "$d"
cp "$az_in" "$d/config"
ids=(--server-id 6dae42f8-4368-4678-94ff-3960e28e3630 --client-id 80faf920-1908-4b52-b5ef-a8e7bedfc67a
	--tenant-id 72f988bf-86f1-41af-91ab-2d7cd011db47)
methods=(devicecode interactive spn ropc msi azurecli azd workloadidentity)
pids=()
for m in "${methods[@]}"; do
	start "$d" "$work/race-$m" --verbose "${ids[@]}" -l "$m" config
	pids+=("$pid")
done
i=0
for m in "${methods[@]}"; do
	reap "${pids[$i]}"
	if [ "$rc" = 0 ]; then pass; else fail "race: the run with -l $m: exit status $rc" "$work/race-$m.stderr"; fi
	i=$((i + 1))
done
left=$(leftovers "$d" config)
if [ -z "$left" ]; then pass; else fail "race: left behind: $left"; fi
if command -v kubectl >/dev/null 2>&1; then
	mkdir "$work/kubehome"
	if kubectl_view "$d/config" "$work/kubehome" >"$work/race.kubectl" 2>&1; then
		pass
	else
		fail "race: kubectl config view cannot read the result" "$work/race.kubectl"
	fi
else
	echo "skip: kubectl not found, race result not read back"
fi
# Each run reports what it found ("legacy azure" or "kubelogin M") and made.
# Following the reports from "legacy azure" gives the order the runs took the
# lock; replaying that order one run at a time must give the very same bytes.
from="legacy azure"
order=()
for _ in "${methods[@]}"; do
	next=
	for m in "${methods[@]}"; do
		if grep -qF ": $from -> kubelogin $m" "$work/race-$m.stderr" 2>/dev/null; then
			next="$next $m"
		fi
	done
	next=${next# }
	case $next in
	"" | *" "*)
		fail "race: after \"$from\", the runs that report converting from it: \"$next\" (want exactly one; each run must see the previous one's result)" \
			"$work"/race-*.stderr
		order=()
		break
		;;
	esac
	order+=("$next")
	from="kubelogin $next"
done
if [ ${#order[@]} -eq ${#methods[@]} ]; then
	pass
	note "race: the runs took the lock in this order: ${order[*]}"
	mkdir "$work/replay"
	cp "$az_in" "$work/replay/config"
	for m in "${order[@]}"; do
		(cd "$work/replay" && "$bin" -q "${ids[@]}" -l "$m" config) || true
	done
	if cmp -s "$work/replay/config" "$d/config"; then
		pass
	else
		fail "race: the file differs from the runs applied one after the other (${order[*]})"
		diff -u "$work/replay/config" "$d/config" | head -n 20 | sed 's/^/    /' || true
	fi
	if grep -qFx -- "      - ${order[${#order[@]} - 1]}" "$d/config"; then
		pass
	else
		fail "race: the final file's args do not name the last run's method (${order[${#order[@]} - 1]})"
	fi
fi

# refused WHAT STDERR PATTERN WHY: the run in $d on config ended with exit status
# $rc = 3, an error matching PATTERN (else fail with WHY), config as it was
# ($az_in) and nothing left behind
refused() {
	if [ "$rc" = 3 ]; then pass; else fail "$1: exit status $rc, want 3" "$2"; fi
	if grep -q "$3" "$2"; then pass; else fail "$1: $4" "$2"; fi
	if cmp -s "$az_in" "$d/config"; then pass; else fail "$1: the file changed"; fi
	left=$(leftovers "$d" config)
	if [ -z "$left" ]; then pass; else fail "$1: left behind: $left"; fi
}

# ---- (c) -o /dev/full ------------------------------------------------------------
d=$work/full
mkdir "$d"
cp "$az_in" "$d/config"
if [ -c /dev/full ]; then
	rc=0
	(cd "$d" && "$bin" -q -o /dev/full config) >"$work/full.stdout" 2>"$work/full.stderr" || rc=$?
	refused "-o /dev/full" "$work/full.stderr" '^kubeconvert: error: .*/dev/full' "the error does not name /dev/full"
else
	echo "skip: no /dev/full"
fi

# ---- (d) a directory the user cannot write ---------------------------------------
# As root every write succeeds, so the run is made as nobody (uid 65534).
d=$work/ro
mkdir "$d"
cp "$az_in" "$d/config"
cp "$bin" "$work/kubeconvert-ro" # a copy nobody can run, wherever the original lives
chmod 755 "$work" "$work/kubeconvert-ro"
chmod 644 "$d/config"
as_user=()
if [ "$(id -u)" != 0 ]; then
	as_user=(env)
elif command -v setpriv >/dev/null 2>&1 &&
	setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
	as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
elif su nobody -s /bin/sh -c true 2>/dev/null; then
	as_user=(su_nobody)
fi
su_nobody() {
	local q="" a
	for a in "$@"; do
		q="$q '$(printf '%s' "$a" | sed "s/'/'\\\\''/g")'"
	done
	su nobody -s /bin/sh -c "$q"
}
if [ ${#as_user[@]} -eq 0 ]; then
	echo "skip: cannot run as another user (no setpriv, su nobody fails): read-only directory not tested"
else
	chmod 555 "$d"
	# the file read-only for nobody (644) or writable (666): either way the
	# directory refuses the lock and the temporary
	for mode in 644 666; do
		chmod u+w "$d"
		chmod "$mode" "$d/config"
		chmod 555 "$d"
		rc=0
		(cd "$d" && "${as_user[@]}" env -i PATH="$PATH" HOME="$d" "$work/kubeconvert-ro" -q config) \
			>"$work/ro.stdout" 2>"$work/ro.stderr" || rc=$?
		refused "read-only directory, file mode $mode" "$work/ro.stderr" '^kubeconvert: error: ' "no error message"
	done
	# A directory nobody may write, and a file nobody may not: kubectl could not
	# write the file, and kubeconvert does not replace it either (files.sh: root may).
	chmod 777 "$d"
	for owner in root nobody; do
		chown "$owner" "$d/config" 2>/dev/null || continue
		for mode in 444 644; do
			[ "$owner:$mode" != nobody:644 ] || continue # writable by its owner: converted
			chmod "$mode" "$d/config"
			rc=0
			(cd "$d" && "${as_user[@]}" env -i PATH="$PATH" HOME="$d" "$work/kubeconvert-ro" -q config) \
				>"$work/ro.stdout" 2>"$work/ro.stderr" || rc=$?
			refused "file mode $mode owned by $owner, run as nobody" "$work/ro.stderr" \
				"^kubeconvert: error: config: is read-only for this user (mode 0$mode)" "the error does not say read-only"
		done
	done
	chmod 755 "$d"
fi

summary
