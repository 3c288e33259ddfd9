#!/usr/bin/env bash
# bench/run_terraform.sh - whole-process `infra-cost estimate --terraform PLAN.json --format json`
# against `/usr/bin/python3 -c "import json; json.load(open(PLAN))"` on the same generated plan
# (bench/gen_plan.py: the real sample plans and examples/terraform/plan.json replicated under
# distinct module addresses), side by side in one run. Issue 12 item 5: ours at most python's
# time, peak RSS under 256 MB. See bench/README.md ("Terraform plans").
#
# Environment:
#   RUNS=10               timed runs per command (the median is reported)
#   SIZE_MB=50            size of the generated plan
#   BUILD_DIR=build-bench Release build directory (relative to the repository)
#   PYTHON=/usr/bin/python3
#   BENCH_STRICT=1        exit 2 when a target is missed
#
# Exit status: 0 done; 1 the build, the generator or a run failed; 2 (BENCH_STRICT=1) a target missed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
RUNS=${RUNS:-10}
SIZE_MB=${SIZE_MB:-50}
BUILD_DIR=${BUILD_DIR:-build-bench}
PYTHON=${PYTHON:-/usr/bin/python3}
TIME=/usr/bin/time
TARGET_RATIO=1.0
TARGET_RSS_MB=256

die() { echo "run_terraform.sh: $*" >&2; exit 1; }
[ -x "$TIME" ] || die "$TIME missing (Debian package 'time'; bench/run.sh installs it)"
[ -x "$PYTHON" ] || die "$PYTHON not found"

bin="$root/$BUILD_DIR/infra-cost"
if [ ! -f "$root/$BUILD_DIR/build.ninja" ]; then
	cmake -S "$root" -B "$root/$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release \
		-DINFRACOST_BUILD_TESTS=OFF >/dev/null || die "cmake configure failed"
fi
ninja -C "$root/$BUILD_DIR" >/dev/null || die "build failed (ninja -C $BUILD_DIR)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/infracost-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

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

plan="$tmp/plan.json"
gen=$("$PYTHON" "$here/gen_plan.py" "$SIZE_MB" "$plan") || die "gen_plan.py failed"
"$bin" estimate --terraform "$plan" --format json >"$tmp/out.json" 2>"$tmp/check.err" || {
	cat "$tmp/check.err" >&2; die "infra-cost estimate --terraform failed on the generated plan"; }
services=$("$PYTHON" -c "import json,sys; d=json.load(open(sys.argv[1])); print(sum(len(e['services']) for e in d['environments']), len(d['inputs']))" "$tmp/out.json")

cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1)
echo "# infra-cost benchmark: Terraform plans"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "- machine: ${cpu:-unknown CPU}, nproc $(nproc); $(uname -srm); $("$PYTHON" --version 2>&1)"
echo "- build: $BUILD_DIR, git $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "- plan: $gen; priced as ${services% *} services, ${services#* } inputs"
echo "- method: $RUNS runs each, alternating (order flipped every run) after one warm-up; median wall time"
echo

ours=("$bin" estimate --terraform "$plan" --format json)
py=("$PYTHON" -c "import json; json.load(open('$plan'))")
: >"$tmp/ours.ms"; : >"$tmp/py.ms"
ours_rss=0; py_rss=0; status=0
timed r "${ours[@]}"; timed r "${py[@]}"
for ((i = 0; i < RUNS; i++)); do
	for side in $( ((i % 2)) && echo "py ours" || echo "ours py"); do
		if [ "$side" = ours ]; then timed r "${ours[@]}"; else timed r "${py[@]}"; fi
		read -r ms rss st <<<"$r"
		[ "$st" = 0 ] || { cat "$tmp/stderr" >&2; status=1; }
		echo "$ms" >>"$tmp/$side.ms"
		if [ "$side" = ours ]; then ((rss > ours_rss)) && ours_rss=$rss
		else ((rss > py_rss)) && py_rss=$rss; fi
	done
done
om=$(median <"$tmp/ours.ms"); pm=$(median <"$tmp/py.ms")
ratio=$(awk -v a="$om" -v b="$pm" 'BEGIN { printf "%.2f", a / b }')
orss=$(awk -v k="$ours_rss" 'BEGIN { printf "%.1f", k / 1024 }')
prss=$(awk -v k="$py_rss" 'BEGIN { printf "%.1f", k / 1024 }')
mb=$(stat -c %s "$plan" | awk '{ printf "%.1f", $1 / 1e6 }')
echo "| plan (MB) | infra-cost median ms | python json.load median ms | ratio (ours/python) | infra-cost peak RSS MB | python peak RSS MB |"
echo "|---:|---:|---:|---:|---:|---:|"
printf '| %s | %.1f | %.1f | %s | %s | %s |\n' "$mb" "$om" "$pm" "$ratio" "$orss" "$prss"
echo
t_ok=$(awk -v r="$ratio" -v t="$TARGET_RATIO" 'BEGIN { print (r <= t) ? "met" : "NOT met" }')
m_ok=$(awk -v k="$ours_rss" -v t="$TARGET_RSS_MB" 'BEGIN { print (k / 1024 < t) ? "met" : "NOT met" }')
echo "- targets: time <= python json.load: $t_ok (ratio $ratio); peak RSS < $TARGET_RSS_MB MB: $m_ok ($orss MB)"
if [ "$status" = 0 ] && [ "${BENCH_STRICT:-0}" = 1 ] && [[ "$t_ok $m_ok" == *"NOT met"* ]]; then
	status=2
fi
exit "$status"
