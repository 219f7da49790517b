#!/usr/bin/env bash
# Runs the libFuzzer targets built by `make fuzz-build` (in .build-fuzz/debug/fuzz-<target>), each for
# FUZZ_SECONDS, FUZZ_JOBS at a time, from the committed seeds in Tests/FuzzCorpus/<target>/ plus the inputs
# found so far in .build-fuzz/corpus/<target>/ (where new inputs are written; the committed seeds are only read).
# Crashing inputs are written to .build-fuzz/artifacts/<target>/; each target's log is
# .build-fuzz/logs/<target>.log. Prints one line per target (executions, wall seconds, crashes) and exits 1
# when any target crashed. Usage: scripts/fuzz.sh [target...] (default: every target).
set -u
cd "$(dirname "$0")/.."
SECONDS_EACH=${FUZZ_SECONDS:-180}
JOBS=${FUZZ_JOBS:-1}
NICE=${FUZZ_NICE:-10}
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(spec mat npy flo score-csv runs-csv safetensors cache-json image video)
fi
BIN=${FUZZ_BIN:-.build-fuzz/debug}
mkdir -p .build-fuzz/logs .build-fuzz/tmp
# Leaks are not what these targets look for (Swift's runtime caches look like leaks to LeakSanitizer).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
export TMPDIR=$PWD/.build-fuzz/tmp

run_target() {
  local target=$1
  local seeds=Tests/FuzzCorpus/$target
  local corpus=.build-fuzz/corpus/$target
  local artifacts=.build-fuzz/artifacts/$target
  mkdir -p "$corpus" "$artifacts"
  [ -x "$BIN/fuzz-$target" ] || { echo "$target: $BIN/fuzz-$target is missing (make fuzz-build)"; return 1; }
  local start=$(date +%s)
  touch ".build-fuzz/logs/$target.started"
  # -timeout: an input taking longer is a hang; -malloc_limit_mb: one allocation larger than this is a bug
  # (every size read from a file must be bounded first).
  nice -n "$NICE" "$BIN/fuzz-$target" "$corpus" "$seeds" -max_total_time="$SECONDS_EACH" -timeout=120 -max_len=8192 \
    -rss_limit_mb=2048 -malloc_limit_mb=1024 -artifact_prefix="$artifacts/" -print_final_stats=1 \
    > ".build-fuzz/logs/$target.log" 2>&1
  local status=$?
  local wall=$(( $(date +%s) - start ))
  local runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' ".build-fuzz/logs/$target.log" | grep -o '[0-9]*$' | tail -1)
  local crashes=$(find "$artifacts" -type f \( -name "crash-*" -o -name "timeout-*" -o -name "oom-*" -o -name "leak-*" \) | wc -l)
  echo "$target: executions ${runs:-?}, wall ${wall}s, exit $status, crash/timeout/oom inputs in $artifacts: $crashes"
  if [ "$status" -ne 0 ]; then report_failure "$target" "$artifacts"; fi
  return $status
}

# What a failed target found, printed so that a log that keeps only the output (CI) still holds it: the
# sanitizer's or libFuzzer's report (its first 40 lines) and each new crashing input, gzip-compressed and
# base64-encoded on one line (`base64 -d | gunzip > input` restores it; replay with the fuzz binary or
# Tests/FuzzCorpus/<target>/crashes/).
report_failure() {
  local target=$1 artifacts=$2
  echo "---- $target: report (.build-fuzz/logs/$target.log) ----"
  grep -n -m1 -E '^==[0-9]+==ERROR|ERROR: libFuzzer|^SUMMARY|Fatal error|deadly signal' ".build-fuzz/logs/$target.log" \
    | cut -d: -f1 | while read -r line; do tail -n +"$line" ".build-fuzz/logs/$target.log" | head -40; done
  find "$artifacts" -type f -newer ".build-fuzz/logs/$target.started" | while read -r input; do
    echo "---- $target: $input ($(wc -c < "$input") bytes), gzip | base64 ----"
    gzip -9c "$input" | base64 -w0; echo
  done
}

failed=0
running=0
for target in "${TARGETS[@]}"; do
  run_target "$target" &
  running=$((running + 1))
  if [ "$running" -ge "$JOBS" ]; then
    wait -n || failed=1
    running=$((running - 1))
  fi
done
while [ "$running" -gt 0 ]; do
  wait -n || failed=1
  running=$((running - 1))
done
exit $failed
