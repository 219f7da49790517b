#!/usr/bin/env bash
# Issue 14's per-seed measurement: one seed of `make ablation`'s plan from an empty cache, then its wall time, CPU
# time, peak RSS and the node-seconds of each stage kind (from f2lm's progress lines).
#   scripts/time-seed.sh [BINARY] [-- extra `f2lm run` flags]
# BINARY defaults to a copy of .build/release/f2lm (copied, so a rebuild during the run does not touch it). The
# issue-era workload (8 test videos, one-hot label maps): scripts/time-seed.sh -- --set data.synthetic.test_videos=8
# --set data.labels=onehot. Scratch folders go under ${TMPDIR:-/tmp}; nothing in the project changes.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=.build/release/f2lm
if [[ $# -gt 0 && $1 != "--" ]]; then binary=$1; shift; fi
[[ $# -gt 0 && $1 == "--" ]] && shift
[[ -x $binary ]] || { echo "time-seed: no f2lm binary at $binary (run make build first)" >&2; exit 1; }
scratch=$(mktemp -d "${TMPDIR:-/tmp}/time-seed.XXXXXX")
cp "$binary" "$scratch/f2lm"
log=$scratch/run.log
/usr/bin/time -v -o "$scratch/time.txt" "$scratch/f2lm" run experiments/*.yaml --scale default --jobs 2 \
  --portable-numerics --where seed=0 "$@" --cache "$scratch/cache" --results "$scratch/results" > "$log" 2>&1 || {
  echo "time-seed: f2lm run failed, see $log" >&2; exit 1; }
grep -E "^finished in" "$log"
grep -E "Elapsed \(wall|User time|Maximum resident" "$scratch/time.txt" | sed 's/^[[:space:]]*//'
# "[ 12/236] done    generator … in 1m 14s" (no space once the count has three digits): durations per stage kind.
awk '/^\[ *[0-9]+\/[0-9]+\] +done / {
  at = 0; kind = ""
  for (i = 1; i <= NF; i++) {
    if ($i == "in") at = i
    if ($i == "done" && kind == "") kind = $(i + 1)
  }
  seconds = 0
  for (i = at + 1; i <= NF; i++) {
    if ($i ~ /^[0-9]+m$/) seconds += 60 * substr($i, 1, length($i) - 1)
    if ($i ~ /^[0-9.]+s$/) seconds += substr($i, 1, length($i) - 1)
  }
  total[kind] += seconds
} END {
  printf "node seconds:"
  n = split("dataset generator destroyer scores evaluation", kinds, " ")
  for (k = 1; k <= n; k++) printf " %s %.0f", kinds[k], total[kinds[k]]
  printf "\n"
}' "$log"
echo "results (runs.csv per spec) and the log: $scratch"
