#!/usr/bin/env bash
# bench/run.sh - whole-process `infra-cost estimate --format json` against
# `/usr/bin/python3 -c "import json; json.load(open(SPEC))"` on the same generated specs and
# on the reference example (examples/webshop.json).
#
# usage: bench/run.sh            (from anywhere; the repository is found from this script)
#
# Environment:
#   RUNS=10                timed runs per command and size (the median is reported)
#   SIZES="10 1000 10000"  numbers of services
#   SEED=1                 gen_spec.py seed
#   BUILD_DIR=build-bench  Release build directory (relative to the repository)
#   PYTHON=/usr/bin/python3  the interpreter timed as the baseline (the binary, not a wrapper)
#   EXAMPLE=examples/webshop.json  the reference example, measured too ("" to leave it out)
#   BENCH_STRICT=1         also exit 2 when a target is missed (10,000 services: at most 2.5x
#                          python and under 64 MB; the reference example: at most 0.5x python)
#
# Exit status: 0 done; 1 the build, the generator or the 10,000-service run failed;
# 2 (BENCH_STRICT=1 only) a target was missed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
RUNS=${RUNS:-10}
SIZES=${SIZES:-"10 1000 10000"}
SEED=${SEED:-1}
BUILD_DIR=${BUILD_DIR:-build-bench}
PYTHON=${PYTHON:-/usr/bin/python3}
TIME=/usr/bin/time
TARGET_RSS_MB=64
TARGET_RATIO=2.5      # 10,000 services: whole process at most 2.5x python's json.load
TARGET_EXAMPLE=0.5    # the reference example: at most half of python's time
EXAMPLE=${EXAMPLE-examples/webshop.json}

die() { echo "run.sh: $*" >&2; exit 1; }

# ---- tools ------------------------------------------------------------------
if [ ! -x "$TIME" ]; then
	echo "run.sh: $TIME missing; installing Debian package 'time'" >&2
	if [ "$(id -u)" = 0 ]; then
		apt-get install -y time >/dev/null || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }
	else
		sudo apt-get install -y time >/dev/null
	fi
	[ -x "$TIME" ] || die "cannot install $TIME"
fi
[ -x "$PYTHON" ] || die "$PYTHON not found"
[ -n "${EPOCHREALTIME:-}" ] || die "bash 5 or later is needed (EPOCHREALTIME)"

# ---- build (Release) --------------------------------------------------------
bin="$root/$BUILD_DIR/infra-cost"
if [ ! -f "$root/$BUILD_DIR/build.ninja" ]; then
	cmake -S "$root" -B "$root/$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
		-DINFRACOST_BUILD_TESTS=OFF \
		>/dev/null || die "cmake configure failed"
fi
ninja -C "$root/$BUILD_DIR" >/dev/null || die "build failed (ninja -C $BUILD_DIR)"
[ -x "$bin" ] || die "$bin was not built"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/infracost-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# ---- helpers ----------------------------------------------------------------
# timed OUTVAR CMD... : run CMD under /usr/bin/time; set OUTVAR to "wall_ms rss_kb status".
# Wall time is taken with EPOCHREALTIME around /usr/bin/time (microsecond resolution; %e only
# has 10 ms), so both sides pay the same ~1 ms of /usr/bin/time's fork and exec.
timed() {
	local __var=$1; shift
	local t0 t1 st=0 rss
	t0=$EPOCHREALTIME
	"$TIME" -o "$tmp/time.out" -f "%M" "$@" >/dev/null 2>"$tmp/stderr" || st=$?
	t1=$EPOCHREALTIME
	rss=$(tail -n 1 "$tmp/time.out")
	printf -v "$__var" '%s %s %s' \
		"$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) * 1000 }')" "$rss" "$st"
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2];
	else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# ---- machine ----------------------------------------------------------------
cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1)
echo "# infra-cost benchmark"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "- machine: ${cpu:-unknown CPU}, nproc $(nproc), $(awk '/MemTotal/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo)"
echo "- system: $(uname -srm); $(cc --version | head -n 1); $("$PYTHON" --version 2>&1) ($PYTHON)"
echo "- build: $BUILD_DIR, CMAKE_BUILD_TYPE=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$root/$BUILD_DIR/CMakeCache.txt"); git $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" diff --quiet HEAD -- lib cli include 2>/dev/null || echo ' (+ local changes)')"
echo "- method: $RUNS runs per command and size, alternating ours and python (order flipped every run)"
echo "  after one untimed warm-up each; median wall time; peak RSS = max of /usr/bin/time %M"
echo

# ---- generate and check -----------------------------------------------------
declare -A spec_mb out_mb
CASES=$SIZES
[ -n "$EXAMPLE" ] && CASES="$CASES example"
for n in $CASES; do
	spec="$tmp/spec-$n.json"
	if [ "$n" = example ]; then
		cp "$root/$EXAMPLE" "$spec" || die "$EXAMPLE not found"
	else
		"$PYTHON" "$here/gen_spec.py" "$n" "$spec" --seed "$SEED" || die "gen_spec.py $n failed"
	fi
	if ! "$bin" estimate "$spec" --format json >"$tmp/out-$n.json" 2>"$tmp/check.err"; then
		cat "$tmp/check.err" >&2
		die "infra-cost estimate failed on the $n-service spec"
	fi
	spec_mb[$n]=$(stat -c %s "$spec" | awk '{ printf "%.3f", $1 / 1048576 }')
	out_mb[$n]=$(stat -c %s "$tmp/out-$n.json" | awk '{ printf "%.3f", $1 / 1048576 }')
	rm -f "$tmp/out-$n.json"
done

# ---- measure ----------------------------------------------------------------
status=0
echo "| services | spec size (MB) | infra-cost median ms | python json.load median ms | ratio (ours/python) | infra-cost peak RSS MB | python peak RSS MB | our JSON output (MB) |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in $CASES; do
	spec="$tmp/spec-$n.json"
	ours=("$bin" estimate "$spec" --format json)
	py=("$PYTHON" -c "import json; json.load(open('$spec'))")
	: >"$tmp/ours.ms"; : >"$tmp/py.ms"
	ours_rss=0; py_rss=0; failed=0
	timed r "${ours[@]}"; timed r "${py[@]}"    # warm-up (page cache, CPU frequency)
	for ((i = 0; i < RUNS; i++)); do
		for side in $( ((i % 2)) && echo "py ours" || echo "ours py"); do
			if [ "$side" = ours ]; then timed r "${ours[@]}"; else timed r "${py[@]}"; fi
			read -r ms rss st <<<"$r"
			if [ "$st" != 0 ]; then
				echo "run.sh: $side failed (exit $st) on the $n-service spec:" >&2
				cat "$tmp/stderr" >&2
				failed=1
			fi
			echo "$ms" >>"$tmp/$side.ms"
			if [ "$side" = ours ]; then ((rss > ours_rss)) && ours_rss=$rss
			else ((rss > py_rss)) && py_rss=$rss; fi
		done
	done
	om=$(median <"$tmp/ours.ms"); pm=$(median <"$tmp/py.ms")
	ratio=$(awk -v a="$om" -v b="$pm" 'BEGIN { printf "%.2f", a / b }')
	orss=$(awk -v k="$ours_rss" 'BEGIN { printf "%.1f", k / 1024 }')
	prss=$(awk -v k="$py_rss" 'BEGIN { printf "%.1f", k / 1024 }')
	label=$n
	[ "$n" = example ] && label="$EXAMPLE"
	printf '| %s | %s | %.1f | %.1f | %s | %s | %s | %s |\n' "$label" "${spec_mb[$n]}" "$om" "$pm" \
		"$ratio" "$orss" "$prss" "${out_mb[$n]}"
	if [ "$failed" = 1 ]; then
		[ "$n" = 10000 ] && status=1
	fi
	if [ "$n" = 10000 ]; then
		t_ok=$(awk -v a="$om" -v b="$pm" -v t="$TARGET_RATIO" 'BEGIN { print (a <= t * b) ? "met" : "NOT met" }')
		m_ok=$(awk -v k="$ours_rss" -v t="$TARGET_RSS_MB" 'BEGIN { print (k / 1024 < t) ? "met" : "NOT met" }')
		verdict="${verdict:-}- targets (10,000 services): time <= $TARGET_RATIO x python json.load: $t_ok (ratio $ratio); peak RSS < $TARGET_RSS_MB MB: $m_ok ($orss MB)
"
	fi
	if [ "$n" = example ]; then
		e_ok=$(awk -v a="$om" -v b="$pm" -v t="$TARGET_EXAMPLE" 'BEGIN { print (a <= t * b) ? "met" : "NOT met" }')
		verdict="${verdict:-}- target ($EXAMPLE): time <= $TARGET_EXAMPLE x python json.load: $e_ok (ratio $ratio)
"
	fi
done
echo
[ -n "${verdict:-}" ] && printf '%s' "$verdict"
if [ "$status" = 0 ] && [ "${BENCH_STRICT:-0}" = 1 ] && [[ "${verdict:-}" == *"NOT met"* ]]; then
	status=2
fi
exit "$status"
