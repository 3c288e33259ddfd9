#!/usr/bin/env bash
# bench/import.sh - `infra-cost pricing import` of a large AWS EC2 offer file (JSON and CSV)
# against /usr/bin/python3 merely parsing the same file (json.load; csv.reader drained).
#
# usage: bench/import.sh         (from anywhere; the repository is found from this script)
#
# Environment:
#   RUNS=3                 timed runs per command, variant and size (the median is reported)
#   SIZE_MB=300            size of the large offer files (MiB, each variant)
#   SMALL_MB=30            a small run beside it, to show that peak RSS does not grow with size
#                          (SMALL_MB= to skip it)
#   SEED=1                 gen_offer.py seed
#   BUILD_DIR=build-bench  Release build directory (relative to the repository)
#   PYTHON=/usr/bin/python3  the interpreter timed as the baseline (the binary, not a wrapper)
#   OFFER_DIR=DIR          keep the generated offer files in DIR and reuse them on the next run
#                          (default: a temporary directory, removed at exit)
#   PYTHON_ONLY=1          time the Python side only (when `pricing import` is not available)
#   BENCH_STRICT=1         also exit 2 when a target (>= 3x Python, < 128 MB) is missed
#
# Exit status: 0 done; 1 the build, the generator or an import failed; 2 (BENCH_STRICT=1 only)
# a target was missed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
RUNS=${RUNS:-3}
SIZE_MB=${SIZE_MB:-300}
SMALL_MB=${SMALL_MB-30}
SEED=${SEED:-1}
BUILD_DIR=${BUILD_DIR:-build-bench}
PYTHON=${PYTHON:-/usr/bin/python3}
PYTHON_ONLY=${PYTHON_ONLY:-0}
TIME=/usr/bin/time
TARGET_RATIO=3
TARGET_RSS_MB=128

die() { echo "import.sh: $*" >&2; exit 1; }

# ---- tools ------------------------------------------------------------------
if [ ! -x "$TIME" ]; then
	echo "import.sh: $TIME missing; installing Debian package 'time'" >&2
	if [ "$(id -u)" = 0 ]; then
		apt-get install -y time >/dev/null || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }
	else
		sudo apt-get install -y time >/dev/null
	fi
	[ -x "$TIME" ] || die "cannot install $TIME"
fi
[ -x "$PYTHON" ] || die "$PYTHON not found"
[ -n "${EPOCHREALTIME:-}" ] || die "bash 5 or later is needed (EPOCHREALTIME)"
((RUNS >= 1)) || die "RUNS must be at least 1"

# ---- build (Release) --------------------------------------------------------
bin="$root/$BUILD_DIR/infra-cost"
if [ ! -f "$root/$BUILD_DIR/build.ninja" ]; then
	cmake -S "$root" -B "$root/$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
		-DINFRACOST_BUILD_TESTS=OFF \
		>/dev/null || die "cmake configure failed"
fi
ninja -C "$root/$BUILD_DIR" >/dev/null || die "build failed (ninja -C $BUILD_DIR)"
[ -x "$bin" ] || die "$bin was not built"
if [ "$PYTHON_ONLY" != 1 ] && ! "$bin" pricing import --help >/dev/null 2>&1; then
	die "'$BUILD_DIR/infra-cost pricing import' is not available in this build" \
		"(PYTHON_ONLY=1 times the Python side alone)"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/infracost-import.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
offers=${OFFER_DIR:-$tmp}
mkdir -p "$offers"

# ---- helpers ----------------------------------------------------------------
# timed OUTVAR CMD... : run CMD under /usr/bin/time; set OUTVAR to "wall_s rss_kb status".
# Wall time is taken with EPOCHREALTIME around /usr/bin/time (as in run.sh), so both sides pay
# the same ~1 ms of /usr/bin/time's fork and exec.
timed() {
	local __var=$1; shift
	local t0 t1 st=0 rss
	t0=$EPOCHREALTIME
	"$TIME" -o "$tmp/time.out" -f "%M" "$@" >/dev/null 2>"$tmp/stderr" || st=$?
	t1=$EPOCHREALTIME
	rss=$(tail -n 1 "$tmp/time.out")
	[[ "$rss" =~ ^[0-9]+$ ]] || rss=0
	printf -v "$__var" '%s %s %s' \
		"$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')" "$rss" "$st"
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2];
	else printf "%.4f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

rm_store() { rm -f "$1" "$1-wal" "$1-shm" "$1-journal"; }

# Rows of the store's current sources (untimed, read with Python's sqlite3 module).
store_rows() {
	"$PYTHON" - "$1" <<'EOF'
import sqlite3, sys
db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
print(db.execute('SELECT COALESCE(SUM("rows"), 0) FROM sources WHERE "current" = 1').fetchone()[0],
      db.execute("SELECT COUNT(*) FROM prices").fetchone()[0])
EOF
}

# ---- machine ----------------------------------------------------------------
cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1)
echo "# infra-cost import benchmark"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "- machine: ${cpu:-unknown CPU}, nproc $(nproc), $(awk '/MemTotal/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo)"
echo "- system: $(uname -srm); $(cc --version | head -n 1); $("$PYTHON" --version 2>&1) ($PYTHON); SQLite $("$PYTHON" -c 'import sqlite3; print(sqlite3.sqlite_version)') (Python's)"
echo "- build: $BUILD_DIR, CMAKE_BUILD_TYPE=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$root/$BUILD_DIR/CMakeCache.txt"); git $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$( [ -z "$(git -C "$root" status --porcelain -- lib cli include 2>/dev/null)" ] || echo ' (+ local changes in lib/cli/include)')"
echo "- method: $RUNS runs per command, variant and size, alternating ours and python (order flipped"
echo "  every run) after one untimed warm-up each; a fresh store file for every import; median wall"
echo "  time; peak RSS = max of /usr/bin/time %M; MB = MiB (1,048,576 bytes)"
[ "$PYTHON_ONLY" = 1 ] && echo "- PYTHON_ONLY=1: the infra-cost columns are not measured"
echo

# ---- generate ---------------------------------------------------------------
sizes=()
[ -n "$SMALL_MB" ] && sizes+=("$SMALL_MB")
sizes+=("$SIZE_MB")
for mb in "${sizes[@]}"; do
	base="$offers/ec2-offer-${mb}mb-seed$SEED"
	if [ -s "$base.json" ] && [ -s "$base.csv" ] && [ -n "${OFFER_DIR:-}" ]; then
		echo "- reusing $base.json and .csv"
		continue
	fi
	t0=$EPOCHREALTIME
	"$PYTHON" "$here/gen_offer.py" --json "$base.json" --csv "$base.csv" --mb "$mb" \
		--seed "$SEED" 2>"$tmp/gen.err" || { cat "$tmp/gen.err" >&2; die "gen_offer.py --mb $mb failed"; }
	sed 's/^gen_offer.py: /- generated /' "$tmp/gen.err"
	awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "  (%.0f s)\n", b - a }'
done
echo

# ---- measure ----------------------------------------------------------------
status=0
verdicts=()
max_rss=0
echo "| variant | file MB | infra-cost import s | MB/s | python parse s | MB/s | ratio (python time / ours) | our peak RSS MB | python peak RSS MB | rows imported |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for mb in "${sizes[@]}"; do
	for variant in aws-json aws-csv; do
		ext=${variant#aws-}
		file="$offers/ec2-offer-${mb}mb-seed$SEED.$ext"
		fmb=$(stat -c %s "$file" | awk '{ printf "%.1f", $1 / 1048576 }')
		if [ "$ext" = json ]; then
			py=("$PYTHON" -c "import json; json.load(open('$file'))")
		else
			py=("$PYTHON" -c "import collections, csv; f = open('$file', newline=''); collections.deque(csv.reader(f), maxlen=0)")
		fi
		: >"$tmp/ours.s"; : >"$tmp/py.s"
		ours_rss=0; py_rss=0; n=0; rows="-"; failed=0
		sides="py"
		[ "$PYTHON_ONLY" = 1 ] || sides="ours py"
		run_side() { # SIDE -> sets r
			if [ "$1" = ours ]; then
				n=$((n + 1))
				store="$tmp/store-$n.db"
				rm_store "$store"
				timed r "$bin" pricing import "$file" --format "$variant" --store "$store" --quiet
			else
				timed r "${py[@]}"
			fi
		}
		for side in $sides; do # warm-up (page cache, CPU frequency)
			run_side "$side"
			[ "$side" = ours ] && rm_store "$store"
		done
		for ((i = 0; i < RUNS; i++)); do
			order=$sides
			((i % 2)) && [ "$PYTHON_ONLY" != 1 ] && order="py ours"
			for side in $order; do
				run_side "$side"
				read -r s rss st <<<"$r"
				if [ "$st" != 0 ]; then
					echo "import.sh: $side failed (exit $st) on $file ($variant):" >&2
					head -c 2000 "$tmp/stderr" >&2
					status=1
					[ "$side" = ours ] && failed=1
				fi
				echo "$s" >>"$tmp/$side.s"
				if [ "$side" = ours ]; then
					((rss > ours_rss)) && ours_rss=$rss
					if [ "$st" = 0 ] && [ "$rows" = "-" ]; then
						read -r rows prices < <(store_rows "$store") || rows="?"
					fi
					rm_store "$store"
				else
					((rss > py_rss)) && py_rss=$rss
				fi
			done
		done
		pm=$(median <"$tmp/py.s")
		pmbs=$(awk -v m="$fmb" -v s="$pm" 'BEGIN { printf "%.0f", m / s }')
		prss=$(awk -v k="$py_rss" 'BEGIN { printf "%.1f", k / 1024 }')
		if [ "$PYTHON_ONLY" = 1 ]; then
			printf '| %s | %s | - | - | %.2f | %s | - | - | %s | - |\n' "$variant" "$fmb" "$pm" "$pmbs" "$prss"
			continue
		fi
		om=$(median <"$tmp/ours.s")
		ombs=$(awk -v m="$fmb" -v s="$om" 'BEGIN { printf "%.0f", m / s }')
		ratio=$(awk -v a="$pm" -v b="$om" 'BEGIN { printf "%.2f", a / b }')
		orss=$(awk -v k="$ours_rss" 'BEGIN { printf "%.1f", k / 1024 }')
		((ours_rss > max_rss)) && max_rss=$ours_rss
		[ "$failed" = 1 ] && rows="FAILED"
		printf '| %s | %s | %.2f | %s | %.2f | %s | %s | %s | %s | %s |\n' "$variant" "$fmb" "$om" \
			"$ombs" "$pm" "$pmbs" "$ratio" "$orss" "$prss" "$rows"
		if [ "$mb" = "$SIZE_MB" ]; then
			ok=$(awk -v r="$ratio" -v t="$TARGET_RATIO" 'BEGIN { print (r >= t) ? "met" : "NOT met" }')
			[ "$failed" = 1 ] && ok="NOT met (an import failed)"
			verdicts+=("- target $variant ${fmb} MB: >= ${TARGET_RATIO}x Python parse speed: $ok (ratio $ratio)")
		fi
	done
done
echo
if [ "$PYTHON_ONLY" != 1 ]; then
	for v in "${verdicts[@]}"; do echo "$v"; done
	ok=$(awk -v k="$max_rss" -v t="$TARGET_RSS_MB" 'BEGIN { print (k / 1024 < t) ? "met" : "NOT met" }')
	echo "- target peak RSS < $TARGET_RSS_MB MB (every size and variant): $ok ($(awk -v k="$max_rss" 'BEGIN { printf "%.1f", k / 1024 }') MB)"
	if [ "$status" = 0 ] && [ "${BENCH_STRICT:-0}" = 1 ] && [[ "${verdicts[*]} $ok" == *"NOT met"* ]]; then
		status=2
	fi
fi
exit "$status"
