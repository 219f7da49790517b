#!/usr/bin/env bash
# Where a default-scale generator training step spends its time (issue 14's before/after profile): runs
# `f2lm-bench --configs generator-step` at one thread under `perf record` with oneDNN's JIT kernels named
# (ONEDNN_JIT_PROFILE=2 writes /tmp/perf-PID.map) and prints the share of samples per category:
# convolution kernels (forward, backward-data, backward-weights), layout reorders, the rest of oneDNN, our Swift,
# libc (malloc, memcpy, memset), libm, the Swift runtime and the kernel.
#   scripts/profile-step.sh [BENCH_BINARY] [STEPS]
# BENCH_BINARY defaults to .build/release/f2lm-bench (make build), STEPS to 300 (plus 20 warm-up steps). The
# environment is portable numerics' (oneDNN capped at AVX2, OpenBLAS pinned to Haswell), set here directly because
# `--portable-numerics` re-executes the process, which would lose the perf map. Needs perf.
set -euo pipefail
cd "$(dirname "$0")/.."
bench=${1:-.build/release/f2lm-bench}
steps=${2:-300}
[[ -x $bench ]] || { echo "profile-step: no f2lm-bench at $bench (run make build first)" >&2; exit 1; }
command -v perf > /dev/null || { echo "profile-step: perf is not installed" >&2; exit 1; }
scratch=$(mktemp -d "${TMPDIR:-/tmp}/profile-step.XXXXXX")
ONEDNN_MAX_CPU_ISA=AVX2 OPENBLAS_CORETYPE=Haswell ONEDNN_JIT_PROFILE=2 \
  perf record -q -o "$scratch/perf.data" "$bench" --configs generator-step --steps "$steps" --warmup 20 \
  --threads 1 --no-sgemm 2>&1 | grep -E "^generator-step" || { echo "profile-step: the bench failed" >&2; exit 1; }
perf report -i "$scratch/perf.data" --no-children --sort dso,sym 2> /dev/null | awk '
  /^#/ || !/%/ { next }
  {
    share = $1; sub("%", "", share)
    # "share  DSO (may be several words: [JIT] tid N)  [.]  symbol"
    at = 0
    for (i = 2; i <= NF; i++) if ($i == "[.]" || $i == "[k]") { at = i; break }
    if (at == 0) next
    dso = ""; symbol = ""
    for (i = 2; i < at; i++) dso = dso (i > 2 ? " " : "") $i
    for (i = at + 1; i <= NF; i++) symbol = symbol (i > at + 1 ? " " : "") $i
    if (symbol ~ /^jit_avx2_conv_fwd|^jit_.*conv.*fwd/) kind = "convolution forward"
    else if (symbol ~ /^jit_.*conv.*bwd_data/) kind = "convolution backward-data"
    else if (symbol ~ /^jit_.*conv.*bwd_weights/) kind = "convolution backward-weights"
    else if (symbol ~ /reorder|single_blk/) kind = "reorders (oneDNN layout conversions)"
    else if (dso ~ /JIT|libdnnl/) kind = "oneDNN, rest (other JIT code, dispatch)"
    else if (dso ~ /openblas/) kind = "OpenBLAS"
    else if (dso ~ /^libc\.so/) kind = "libc (malloc, memcpy, memset)"
    else if (dso ~ /^libm\.so/) kind = "libm"
    else if (dso ~ /libswift|libFoundation|libdispatch/) kind = "Swift runtime and Foundation"
    else if (dso ~ /kernel/) kind = "kernel"
    else if (dso ~ /f2lm-bench|f2lm/) kind = "our Swift code"
    else kind = "other (" dso ")"
    total[kind] += share
  }
  END { for (k in total) printf "%6.2f %%  %s\n", total[k], k }' | sort -rn
echo "perf data: $scratch/perf.data (perf report -i $scratch/perf.data --sort sym)"
