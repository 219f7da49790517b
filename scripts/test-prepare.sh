#!/usr/bin/env bash
# make test-prepare: scripts/prepare-inputs.py with random weights (weights=None) on a small fixture dataset, for
# both flow models, then f2lm's loader reads back what it wrote (`f2lm data check --inputs`), and refuses a
# damaged file by name. Needs torch and torchvision (CPU) for $PYTHON; not part of `make test`.
set -euo pipefail
PYTHON=${PYTHON:-python3}
F2LM=${F2LM:-.build/release/f2lm}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A frames-layout dataset: 2 training and 2 test videos of 5 frames, 48 x 40 RGB, moving squares; a frame mask.
"$PYTHON" - "$work/ds" <<'PY'
import os, sys
import numpy as np
from PIL import Image
root = sys.argv[1]
rng = np.random.default_rng(0)
for split, count in (("training", 2), ("testing", 2)):
    for v in range(count):
        folder = os.path.join(root, split, "frames", f"{v + 1:02d}")
        os.makedirs(folder)
        for t in range(5):
            frame = np.full((40, 48, 3), 40, np.uint8) + rng.integers(0, 20, (40, 48, 3), dtype=np.uint8)
            frame[10:20, 5 + 4 * t:15 + 4 * t] = (200, 180, 30)
            Image.fromarray(frame).save(os.path.join(folder, f"{t:03d}.jpg"), quality=95)
    if split == "testing":
        os.makedirs(os.path.join(root, "testing", "test_frame_mask"))
        for v in range(count):
            np.save(os.path.join(root, "testing", "test_frame_mask", f"{v + 1:02d}.npy"), np.array([0, 0, 1, 1, 0], np.uint8))
PY

for flow in flownet2-sd raft; do
  ds="$work/ds-$flow"
  cp -r "$work/ds" "$ds"
  "$PYTHON" scripts/prepare-inputs.py "$ds" --random-weights --resolution 32 --flow "$flow"
  grep -q "\"model\": \"$flow\|\"model\": \"raft_large\"" "$ds/prepared-inputs.json"
  test "$(find "$ds" -path '*/scores/*' -name '*.npy' | wc -l)" = 20
  test "$(find "$ds" -path '*/flows/*' -name '*.flo' | wc -l)" = 16
  out=$("$F2LM" data check "$ds" --inputs 32)
  echo "$out" | tail -1
  echo "$out" | grep -q "prepared inputs at 32x32: 4 videos, 16 flow files read, 20 score files read"
  # The loader does read the files: a flow file at another size is refused by name.
  "$PYTHON" -c "import struct,sys; open(sys.argv[1],'wb').write(b'PIEH'+struct.pack('<ii',7,7)+bytes(8*49))" "$ds/testing/flows/02/001.flo"
  if "$F2LM" data check "$ds" --inputs 32 > "$work/refused.txt" 2>&1; then echo "a 7x7 flow file was accepted"; exit 1; fi
  grep -q "testing/flows/02/001.flo" "$work/refused.txt"
done
echo "test-prepare: passed"
