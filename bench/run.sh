#!/usr/bin/env bash
# Runs every measurement of docs/benchmarks.md and regenerates its tables
# and figures (the section between the GENERATED markers, and
# docs/benchmarks/*.svg). Raw results stay in bench/out/.
#
# Usage: bench/run.sh [--quick] [--shared DIR] [--no-load] [--no-js]
#   --quick      smaller stream, fewer rounds, shorter loads (~3 minutes)
#   --shared DIR the shared data (corpus/, external/); default ../shared
#                from the repository root, or $CHAPERONE_SHARED
#   --no-load    skip the HTTP load tests
#   --no-js      skip the JavaScript pipeline (no Node needed)
# Environment: CHAPERONE_BIN uses that chaperone binary for the load tests
# instead of building ./cmd/chaperone; BENCH_POSTGRES is the PostgreSQL
# URL beside which a fresh database is made (empty: skip PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${CHAPERONE_SHARED:-../shared}
quick=0 load=1 js=1
while [ $# -gt 0 ]; do
	case $1 in
	--quick) quick=1 ;;
	--shared) shared=$2; shift ;;
	--no-load) load=0 ;;
	--no-js) js=0 ;;
	*) echo "usage: bench/run.sh [--quick] [--shared DIR] [--no-load] [--no-js]" >&2; exit 2 ;;
	esac
	shift
done
pg=${BENCH_POSTGRES-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}
out=bench/out
mkdir -p "$out"
if [ $quick = 1 ]; then
	mb=8 runs=3 secs=3 sample=3000 samples=100000 posts=4000 budget=150ms thread=10000 dur=3s
else
	mb=24 runs=5 secs=8 sample=10000 samples=500000 posts=20000 budget=400ms thread=100000 dur=10s
fi

{
	echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "kernel: $(uname -srm)"
	echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores"
	echo "memory: $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
	echo "go: $(go version | cut -d' ' -f3-)"
	[ $js = 1 ] && echo "node: $(node --version)"
	echo "mode: $([ $quick = 1 ] && echo quick || echo full); stream ${mb} MB, ${runs} rounds of ${secs} s"
	echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$out/machine.txt"
# The detector's own stream benchmark, whose figure on a quiet machine is in
# the README (Speed): how fast this machine is right now.
echo "== calibration: go test -bench ScanStream ./detect"
cal=$(go test -run '^$' -bench 'ScanStream$' -cpu 1 -benchtime 2s ./detect 2>/dev/null | awk '/^BenchmarkScanStream/ {print $5, $6}') || true
echo "calibration: BenchmarkScanStream ${cal:-failed} (compare with the README's Speed table)" >>"$out/machine.txt"

if [ $js = 1 ]; then
	echo "== npm ci (bench/js)"
	(cd bench/js && npm ci --no-audit --no-fund --silent)
fi
echo "== build"
(cd bench && go build -o ../"$out"/bench .)
bin=${CHAPERONE_BIN:-}
if [ $load = 1 ] && [ -z "$bin" ]; then
	if go build -o "$out/chaperone" ./cmd/chaperone; then
		bin=$out/chaperone
	else
		echo "bench: ./cmd/chaperone does not build: load tests skipped (set CHAPERONE_BIN to a built binary)" >&2
		load=0
	fi
fi
rm -f "$out"/compare.json "$out"/latency.json "$out"/scaling.json "$out"/load.json

echo "== synthetic stream"
"$out/bench" gen -out "$out" -mb $mb
if [ -d "$shared/external" ]; then
	echo "== quality and throughput: Chaperone, Go pipeline, JS pipeline"
	nojs=""
	[ $js = 1 ] || nojs=-no-js
	"$out/bench" compare -shared "$shared" -work "$out" -js bench/js -runs $runs -seconds $secs -sample $sample $nojs
else
	echo "bench: no shared data at $shared (pass --shared DIR, the folder holding corpus/ and external/): comparison skipped" >&2
fi
echo "== latency"
GOMAXPROCS=1 "$out/bench" latency -work "$out" -samples $samples -posts $posts
echo "== scaling"
GOMAXPROCS=1 "$out/bench" scaling -work "$out" -budget $budget -max-thread $thread
if [ $load = 1 ]; then
	echo "== load ($bin)"
	# A load test measures throughput, not the rate limits a marketplace
	# puts on people typing: they are switched off unless BENCH_SERVE_FLAGS
	# says otherwise.
	serve_flags=${BENCH_SERVE_FLAGS---rate-login off --rate-signup off --rate-write off --rate-anonymous off}
	"$out/bench" load -bin "$bin" -work "$out" -duration $dur -postgres "$pg" ${serve_flags:+-serve-flags "$serve_flags"}
fi
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/machine.txt"
echo "== report"
"$out/bench" report -work "$out" -doc docs/benchmarks.md -figures docs/benchmarks
echo "bench: docs/benchmarks.md and docs/benchmarks/*.svg regenerated; raw results in $out/"
