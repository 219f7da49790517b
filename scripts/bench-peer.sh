#!/usr/bin/env bash
# `make bench-peer`: issue 14's protocol in one command. For each of ROUNDS rounds (default 3): f2lm-bench's five
# peer configurations, then ../shared/bench/torch_peer.py (or $TORCH_PEER) on each configuration at the thread
# count f2lm-bench used, under OMP_WAIT_POLICY=PASSIVE and =ACTIVE. Prints, per round and configuration, ours / PyTorch's better
# policy, then the median ratio over the rounds. Times are medians of each tool's own steps.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
peer=${TORCH_PEER:-../shared/bench/torch_peer.py}
python=${PYTHON:-python3}
[[ -f "$peer" ]] || { echo "bench-peer: no PyTorch peer at $peer (set TORCH_PEER)" >&2; exit 1; }
# The peer's own errors are hidden below (its stderr is noisy), so a Python without torch is caught here.
"$python" -c "import torch" 2> /dev/null ||
  { echo "bench-peer: $python cannot import torch (make bench-peer installs it; or set PYTHON to a Python that has it)" >&2; exit 1; }
configs=unet-small,f2lm-small,unet-medium,f2lm-default,unet-default
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for round in $(seq "$rounds"); do
  # "<config> <threads> thr <ms> ms …": the thread count of each configuration is f2lm-bench's own.
  ours=$(.build/release/f2lm-bench --steps 20 --warmup 5 --no-sgemm --configs "$configs" | awk '$3 == "thr" {print $1, $2, $4}')
  while read -r name threads ms; do
    echo "$round ours $name $ms" >> "$out"
    for policy in PASSIVE ACTIVE; do
      OMP_WAIT_POLICY=$policy "$python" "$peer" --configs "$name" --threads "$threads" 2>/dev/null |
        awk -v r="$round" -v p="$policy" '/step median/ {for (i = 1; i <= NF; i++) if ($i == "median") print r, p, $1, $(i + 1)}' >> "$out"
    done
  done <<< "$ours"
done
awk '
  $2 == "ours" {ours[$1 " " $3] = $4; names[$3] = 1; rounds[$1] = 1}
  $2 != "ours" {key = $1 " " $3; if (!(key in torch) || $4 < torch[key]) torch[key] = $4}
  END {
    printf "%-13s %s\n", "config", "round: ours ms / PyTorch ms (better wait policy) = ratio ... median ratio"
    for (name in names) {
      line = sprintf("%-13s", name); n = 0
      for (r in rounds) {
        key = r " " name
        if ((key in ours) && (key in torch) && torch[key] > 0) {
          ratio = ours[key] / torch[key]; values[++n] = ratio
          line = line sprintf("  %s: %.2f / %.1f = %.2f", r, ours[key], torch[key], ratio)
        }
      }
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (values[j] < values[i]) {t = values[i]; values[i] = values[j]; values[j] = t}
      median = n == 0 ? 0 : (n % 2 ? values[(n + 1) / 2] : (values[n / 2] + values[n / 2 + 1]) / 2)
      print line sprintf("  median %.2f", median)
    }
  }' "$out"
