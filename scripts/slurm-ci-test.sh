#!/usr/bin/env bash
# `make test-slurm`: a real one-node Slurm in a temporary folder (stopped by pid on any exit), then
#  1. the probe graph (no training) through job arrays with afterok, one array task cancelled on purpose,
#     `f2lm status` reporting it, `f2lm status --rerun failed` completing the grid, values checked;
#  2. when `f2lm run` has `--executor slurm`: the smoke-scale Table 8 and 9 specs through Slurm, compared with a
#     local run's tables, one task killed and `--rerun failed` completing the grid.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
f2lm=$root/.build/release/f2lm
work=$(mktemp -d /tmp/f2lm-slurm-test.XXXXXX)
chmod 755 "$work"   # munged runs as user munge and must reach its folder
start=$(date +%s)
cleanup() {
  status=$?
  scripts/slurm-test-cluster.sh stop "$work/cluster" || true
  if [[ $status -eq 0 ]]; then rm -rf "$work"; else echo "make test-slurm FAILED; files kept in $work" >&2; fi
  echo "make test-slurm: $(( $(date +%s) - start )) s"
}
trap cleanup EXIT
scripts/slurm-test-cluster.sh start "$work/cluster"
source "$work/cluster/env"

# Cancels the first running array task whose job name matches $1 and that has recorded its start in cache $2
# (a task cancelled before its script started shows as never started, not failed); prints its id.
cancel_one_running() {
  for _ in $(seq 600); do
    for task in $(squeue -h -r -o '%F_%K %T %j' | awk -v name="$1" '$2 == "RUNNING" && $3 ~ name {print $1}'); do
      if cat "$2"/slurm/*/tasks/*.start 2>/dev/null | grep -q "^$task "; then
        scancel "$task"; echo "$task"; return 0
      fi
    done
    sleep 0.2
  done
  echo "no running task of $1 to cancel" >&2; return 1
}
wait_queue_empty() {
  for _ in $(seq 1200); do [[ -z "$(squeue -h)" ]] && return 0; sleep 0.5; done
  echo "queue did not drain" >&2; squeue >&2; return 1
}

echo "== probe: 4 levels × 3 nodes, one task cancelled, rerun failed"
cache=$work/probe-cache
"$f2lm" slurm probe --cache "$cache" --width 3 --levels 4 --seconds 3 --array-limit 2
killed=$(cancel_one_running 'f2lm-L1-' "$cache")
echo "cancelled array task $killed"
wait_queue_empty
"$f2lm" status --cache "$cache" | tee "$work/status.txt"
grep -q "FAILED generator .* slurm job $killed: task killed" "$work/status.txt"
if "$f2lm" slurm probe --cache "$cache" --width 3 --levels 4 --seconds 3 --dry-run | grep -q "nothing to submit"; then
  echo "the grid should be incomplete after the cancel" >&2; exit 1
fi
"$f2lm" status --cache "$cache" --rerun failed --wait --interval 1 | tail -8
"$f2lm" slurm probe --cache "$cache" --width 3 --levels 4 --seconds 3 --wait   # submits nothing, checks every value

if "$f2lm" run --help 2>/dev/null | grep -- '--executor' >/dev/null; then  # not grep -q: with pipefail, f2lm's SIGPIPE would skip the test
  echo "== smoke specs through Slurm vs. a local run"
  specs=(experiments/table8_lambda.yaml experiments/table9_zp.yaml)
  # One thread per node on both sides: a node's numbers depend on its thread count (see Scheduler). Portable
  # numerics on both sides too: Slurm tasks use them by default, and other kernels give other numbers.
  "$f2lm" run "${specs[@]}" --scale smoke --cache "$work/local-cache" --results "$work/local-results" --jobs 2 --threads 2 \
    --portable-numerics
  "$f2lm" run "${specs[@]}" --scale smoke --cache "$work/slurm-cache" --results "$work/slurm-results" \
    --executor slurm --time 30:00 --cpus-per-task 1 &
  runner=$!
  killed=$(cancel_one_running 'f2lm-L1-' "$work/slurm-cache") || true
  echo "cancelled array task ${killed:-none}; status while the arrays run:"
  "$f2lm" status "${specs[@]}" --scale smoke --cache "$work/slurm-cache"
  wait "$runner" || true
  wait_queue_empty
  "$f2lm" status "${specs[@]}" --scale smoke --cache "$work/slurm-cache" | tee "$work/status-spec.txt"
  # A smoke generator trains in a fraction of a second, so the cancelled task may have finished its node before
  # the signal: then all three generators are done; otherwise the kill is reported with the task's job id.
  if [[ -n "${killed:-}" ]]; then
    grep -q "FAILED generator .* slurm job $killed: task killed" "$work/status-spec.txt" \
      || grep -qE "^generator +3 +0 +0 +0$" "$work/status-spec.txt"
  fi
  "$f2lm" status "${specs[@]}" --scale smoke --cache "$work/slurm-cache" --rerun failed --cpus-per-task 1 --wait \
    --interval 5 | tail -10
  "$f2lm" run "${specs[@]}" --scale smoke --cache "$work/slurm-cache" --results "$work/slurm-results" \
    --executor slurm --wait
  for spec in table8_lambda table9_zp; do
    diff "$work/local-results/$spec/table.csv" "$work/slurm-results/$spec/table.csv"
  done
  echo "tables equal to the local run's"
else
  echo "== skipped the spec run: this f2lm has no 'run --executor slurm' yet"
fi
echo "make test-slurm: passed"
