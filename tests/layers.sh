#!/bin/bash
# The house rules a compiler does not check, read from the objects with nm and
# objdump (so what is checked is what was built, not what a grep of the source
# guesses):
#  - no two source files depend on each other in a loop: an edge A -> B for each
#    symbol A.o leaves undefined that B.o defines; any cycle fails, and the
#    layers are printed bottom up (a file only calls files of lower layers);
#  - no file-scope (or function-scope) mutable state outside main.o: no object
#    in .data, .bss or thread-local sections; const tables (.rodata, and
#    .data.rel.ro, where a PIE build puts const tables of pointers) are fine.
# Usage: bash tests/layers.sh [BUILD-DIR] (default build). main.o is left out
# of the state check only: it holds the one signal-handler registry pointer.
set -u
here=$(dirname "$0")
. "$here/lib.sh"
dir=${1:-build}
# The object of every source file (a stale object of a renamed file is not one).
objs=""
for c in "$here"/../src/*.c; do
	o=$dir/$(basename "$c" .c).o
	if [ ! -f "$o" ]; then
		echo "$0: no $o (run make first)" >&2
		exit 2
	fi
	objs="$objs $o"
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for o in $objs; do
	name=$(basename "$o" .o)
	nm --defined-only -g "$o" | awk -v n="$name" 'NF == 3 {print "D", n, $3}'
	nm -u "$o" | awk -v n="$name" '{print "U", n, $NF}'
done >"$tmp/syms"

# Edges, then layers by repeated relaxation; what is left unplaced is in (or
# above) a cycle, and a depth-first search names one cycle.
awk '
$1 == "D" { def[$3] = $2; files[$2] = 1; next }
$1 == "U" { use[$2 " " $3] = 1; files[$2] = 1 }
END {
	for (k in use) {
		split(k, p, " ")
		if ((p[2] in def) && def[p[2]] != p[1]) {
			e = p[1] " " def[p[2]]
			if (!(e in edge)) { edge[e] = p[2]; deps[p[1]] = deps[p[1]] " " def[p[2]] }
		}
	}
	placed = 0; total = 0
	for (f in files) total++
	for (round = 0; round <= total; round++) {
		changed = 0
		for (f in files) {
			if (f in layer) continue
			n = split(deps[f], d, " "); top = -1; ok = 1
			for (i = 1; i <= n; i++) {
				if (!(d[i] in layer)) { ok = 0; break }
				if (layer[d[i]] > top) top = layer[d[i]]
			}
			if (ok) { layer[f] = top + 1; changed = 1; placed++ }
		}
		if (!changed) break
	}
	max = -1
	for (f in layer) if (layer[f] > max) max = layer[f]
	for (l = 0; l <= max; l++) {
		n = 0
		for (f in layer) if (layer[f] == l) names[++n] = f
		for (i = 2; i <= n; i++) for (j = i; j > 1 && names[j - 1] > names[j]; j--) {
			t = names[j]; names[j] = names[j - 1]; names[j - 1] = t
		}
		line = ""
		for (i = 1; i <= n; i++) line = line " " names[i]
		print "layer " l ":" line
	}
	if (placed == total) exit 0
	# A cycle: walk from an unplaced file along edges to unplaced files.
	for (f in files) if (!(f in layer)) { start = f; break }
	cur = start; path = ""
	while (!(cur in seen)) {
		seen[cur] = ++step; order[step] = cur
		n = split(deps[cur], d, " ")
		for (i = 1; i <= n; i++) if (!(d[i] in layer)) { nxt = d[i]; break }
		cur = nxt
	}
	for (s = seen[cur]; s <= step; s++) {
		a = order[s]; b = (s < step) ? order[s + 1] : cur
		path = path a " -(" edge[a " " b] ")-> "
	}
	print "CYCLE: " path cur
	exit 1
}' "$tmp/syms" >"$tmp/layers"
rc=$?
echo "layers, bottom up (each file calls only files of lower layers):"
grep -v CYCLE "$tmp/layers" | sed 's/^/    /'
if [ $rc -eq 0 ]; then
	pass
else
	fail "the files depend on each other in a loop:"
	grep CYCLE "$tmp/layers" | sed 's/^/    /'
fi

# Mutable state: objects in writable data sections, main.o excepted.
for o in $objs; do
	[ "$(basename "$o")" = main.o ] && continue
	objdump -t "$o" | awk -v n="$(basename "$o")" '
		$0 ~ / O / {
			for (i = 1; i <= NF; i++) if ($i ~ /^\./) sec = $i
			if (sec ~ /^\.(data|bss|tdata|tbss)/ && sec !~ /^\.data\.rel\.ro/) print n ": " $NF " (" sec ")"
		}'
done >"$tmp/state"
if [ -s "$tmp/state" ]; then
	fail "mutable file-scope or static state outside main.o:"
	sed 's/^/    /' "$tmp/state"
else
	pass
fi
summary
