#!/usr/bin/env bash
# Compares the detector of a git revision with the working tree's on the
# README's speed benchmarks, in ways the machine's pace does not sway:
#
#   - paired timing: short runs of the two builds back to back, in
#     alternating order, and the median of the pairs' ratios (with the
#     quartiles);
#   - instructions per operation, counted by valgrind's callgrind, when
#     valgrind is installed (apt-get install -y valgrind): the same for
#     every run of the same build within about 1%.
#
# Usage: bench/abtest.sh [--pairs N] [--bench NAMES] [--no-count] [REV]
#   REV          the revision to compare with (default HEAD)
#   --pairs N    pairs of timed runs per benchmark (default 16)
#   --bench      comma-separated benchmark names without "Benchmark"
#                (default ScanClean,ScanStream,ScanChat,ScanJobPost,ScanHostileDigits)
#   --no-count   skip the instruction counts
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=16 count=1 rev=HEAD
benches=ScanClean,ScanStream,ScanChat,ScanJobPost,ScanHostileDigits
usage() {
	echo "usage: bench/abtest.sh [--pairs N] [--bench NAMES] [--no-count] [REV]" >&2
	exit 2
}
while [ $# -gt 0 ]; do
	case $1 in
	--pairs) [ $# -ge 2 ] || usage; pairs=$2; shift ;;
	--bench) [ $# -ge 2 ] || usage; benches=$2; shift ;;
	--no-count) count=0 ;;
	-*) usage ;;
	*) rev=$1 ;;
	esac
	shift
done
case $pairs in '' | *[!0-9]* | 0) echo "abtest: --pairs wants a positive number, not '$pairs'" >&2; exit 2 ;; esac
git rev-parse --verify --quiet "$rev^{commit}" >/dev/null || { echo "abtest: no revision '$rev'" >&2; exit 2; }
if [ $count = 1 ] && ! command -v valgrind >/dev/null; then
	echo "abtest: valgrind not found: instruction counts skipped" >&2
	count=0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/old"
git archive "$rev" | tar -x -C "$work/old"
echo "building $rev and the working tree" >&2
(cd "$work/old" && go test -c -o "$work/old.test" ./detect)
go test -c -o "$work/new.test" ./detect

# mbps BIN NAME prints one short run's MB/s.
mbps() {
	(cd detect && "$1" -test.run '^$' -test.bench "^Benchmark$2\$" -test.cpu 1 -test.benchtime 200ms) |
		awk '/MB\/s/ { for (i = 1; i < NF; i++) if ($(i + 1) == "MB/s") print $i }'
}

# collected BIN NAME N prints the instructions a run of NAME with N
# iterations executes, from start to exit. Go's preemption signals must be
# off under valgrind, and with GOGC=off no collection runs in between.
collected() {
	(cd detect && GOGC=off GODEBUG=asyncpreemptoff=1 valgrind --tool=callgrind \
		--callgrind-out-file=/dev/null "$1" \
		-test.run '^$' -test.bench "^Benchmark$2\$" -test.benchtime "$3x" -test.cpu 1 2>&1 >/dev/null) |
		awk '/Collected :/ { print $NF }'
}

# instructions BIN NAME prints the instructions per operation of NAME: the
# difference between a run of 2N iterations and one of N, over N, so that
# what the program does besides (start-up, setup) cancels out. (Counting
# inside the benchmark's function alone, with --toggle-collect, loses the
# count when the goroutine moves to another thread.)
instructions() {
	local n a b
	case $2 in
	ScanClean) n=20000 ;;
	ScanStream | ScanChat) n=2000 ;;
	*) n=50 ;;
	esac
	a=$(collected "$1" "$2" $n) b=$(collected "$1" "$2" $((2 * n)))
	echo $(((b - a) / n))
}

printf '%-24s %12s %12s %8s %8s %8s' benchmark "$rev MB/s" "tree MB/s" ratio q1 q3
[ $count = 1 ] && printf ' %14s %14s %8s' "$rev instr/op" "tree instr/op" change
echo
IFS=, read -ra names <<<"$benches"
for b in "${names[@]}"; do
	: >"$work/pairs"
	for r in $(seq 1 "$pairs"); do
		if [ $((r % 2)) = 0 ]; then
			o=$(mbps "$work/old.test" "$b") t=$(mbps "$work/new.test" "$b")
		else
			t=$(mbps "$work/new.test" "$b") o=$(mbps "$work/old.test" "$b")
		fi
		[ -n "$o" ] && [ -n "$t" ] || { echo "abtest: no MB/s from Benchmark$b" >&2; exit 1; }
		echo "$o $t" >>"$work/pairs"
	done
	awk '{ print $2 / $1, $1, $2 }' "$work/pairs" | sort -n | awk -v b="$b" '
		{ r[NR] = $1; o += $2; t += $3 }
		END { printf "%-24s %12.1f %12.1f %8.3f %8.3f %8.3f", b, o / NR, t / NR, r[int((NR + 1) / 2)], r[int((NR + 3) / 4)], r[int((3 * NR + 3) / 4)] }'
	if [ $count = 1 ]; then
		io=$(instructions "$work/old.test" "$b") it=$(instructions "$work/new.test" "$b")
		awk -v o="$io" -v t="$it" 'BEGIN { printf " %14d %14d %+7.1f%%", o, t, 100 * (t - o) / o }'
	fi
	echo
done
