# Entry points: `make ablation` reproduces the tables, `make test` runs the test suite.
# Every target first makes sure Debian's libraries are present (`make deps`, quick when nothing is missing).
SHELL := /bin/bash
SCALE ?= default
JOBS ?= 2
SWIFT ?= swift
RELEASE := -c release
DEB_PACKAGES := pkg-config libyaml-dev libopenblas-dev libdnnl-dev libpng-dev libjpeg-dev libtiff-dev zlib1g-dev \
	libavformat-dev libavcodec-dev libswscale-dev libavutil-dev ffmpeg libopencv-video-dev
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
F2LM := .build/release/f2lm
# The tests read the TensorBoard logs back with the `tensorboard` package's own reader (PyPI); the product never
# needs Python. Installed for the whole interpreter as root, with --user otherwise.
PYTHON ?= python3
PIP_USER := $(shell [ "$$(id -u)" = 0 ] || echo --user)
# TensorBoard logs of `make ablation` (<cache>/tensorboard); TENSORBOARD=off writes none.
TENSORBOARD ?= on
TENSORBOARD_FLAG := $(if $(filter off no 0 false,$(TENSORBOARD)),--no-tensorboard)

.PHONY: deps python-deps build test test-prepare format-check test-slurm bench bench-peer ablation tensorboard clean fuzz fuzz-build

deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

# A PEP 668 "externally managed" interpreter (Debian's own python3) refuses a plain install: retried with
# --break-system-packages, which only affects that interpreter's site-packages.
# $(call pip_module,module): installs the module with pip unless $(PYTHON) already imports it.
pip_module = @$(PYTHON) -c "import $(1)" 2>/dev/null || { echo "make $@: installing $(1)"; \
	  $(PYTHON) -m pip install -q $(PIP_USER) $(1) || \
	  $(PYTHON) -m pip install -q $(PIP_USER) --break-system-packages $(1); }

python-deps:
	$(call pip_module,tensorboard)

build: deps
	$(SWIFT) build $(RELEASE)

# Numeric tests run in release mode (debug builds make them take minutes). The build makes every product with the
# tests: the end-to-end tests run the f2lm and f2lm-bench of the same build (Tests/TestSupport/BuiltProducts.swift).
test: deps python-deps format-check
	$(SWIFT) build $(RELEASE) --build-tests -Xswiftc -enable-testing
	$(SWIFT) test $(RELEASE) -Xswiftc -enable-testing --skip-build

# `swift format lint` with .swift-format: the rules the code satisfies, the printer's non-layout findings
# (scripts/format-check.sh says which).
format-check:
	SWIFT=$(SWIFT) scripts/format-check.sh

# `make calibrate`: the verdict interval's coverage on simulated experiments (docs/statistics.md), ~5 min at
# CALIBRATE_EXPERIMENTS=1000 experiments per line (the least allowed; 4000 takes ~20 min, standard error 0.34 points).
CALIBRATE_EXPERIMENTS ?= 1000
.PHONY: calibrate
calibrate: deps
	$(SWIFT) build $(RELEASE) --build-tests -Xswiftc -enable-testing
	F2LM_CALIBRATE=1 F2LM_CALIBRATE_EXPERIMENTS=$(CALIBRATE_EXPERIMENTS) $(SWIFT) test $(RELEASE) -Xswiftc -enable-testing --skip-build --filter IntervalCalibrationTests/testFullCalibration

# scripts/prepare-inputs.py (the user's Python: DeepLabv3 scores, FlowNet2-SD / RAFT flow) with random weights on a
# fixture, read back by f2lm's loader (docs/datasets.md). Installs torch and torchvision (CPU) with pip; not in `make test`.
test-prepare: build
	$(call pip_module,torch)
	@$(PYTHON) -c "import torchvision" 2>/dev/null || $(PYTHON) -m pip install -q $(PIP_USER) torchvision "torch==$$($(PYTHON) -c 'import torch; print(torch.__version__.split("+")[0])')"
	PYTHON=$(PYTHON) scripts/test-prepare.sh

# A real one-node Slurm cluster (installs slurm-wlm + munge when missing; needs root or sudo), see
# scripts/slurm-ci-test.sh.
test-slurm: deps
	$(SWIFT) build $(RELEASE) --product f2lm
	scripts/slurm-ci-test.sh

bench: deps
	$(SWIFT) build $(RELEASE) --product f2lm-bench
	.build/release/f2lm-bench

# Ours against the PyTorch peer (../shared/bench/torch_peer.py) in one sitting: ROUNDS rounds, PyTorch under both
# OpenMP wait policies, ratios to its better one and their median (issue 14's protocol). Installs torch with pip.
ROUNDS ?= 3
bench-peer: deps
	$(SWIFT) build $(RELEASE) --product f2lm-bench
	$(call pip_module,torch)
	PYTHON=$(PYTHON) scripts/bench-peer.sh $(ROUNDS)

# Every spec of experiments/ (defaults.yaml is a config file, not a spec: `f2lm run` skips it), then the tables
# re-rendered from results/ and the HTML reports (results/index.html). Resumable: run it again after an interruption. `make ablation SCALE=smoke` is quick.
# --portable-numerics: oneDNN capped at AVX2 and OpenBLAS pinned, so the committed tables are bit-identical on any
# x86-64 machine (issue 14; no measurable cost at the default scale). The report re-runs generators to draw its
# montages with the kernels their done.json records (portable here), so its frames are identical too.
ablation: build
	$(F2LM) run experiments/*.yaml --scale $(SCALE) --jobs $(JOBS) --portable-numerics $(TENSORBOARD_FLAG)
	$(F2LM) tables --results results
	$(F2LM) report experiments/*.yaml --scale $(SCALE)

# Fuzzing (libFuzzer + AddressSanitizer): every reader of user files and of the cache, FUZZ_SECONDS each
# (FUZZ_TARGETS to pick some, FUZZ_JOBS targets at once), from the seed corpus in Tests/FuzzCorpus/<target>/.
# Built into .build-fuzz (F2LM_FUZZ=1 adds the fuzz executables to the package), so `make build`/`make test`
# never see them. Crashing inputs land in .build-fuzz/artifacts/<target>/; see scripts/fuzz.sh.
FUZZ_SECONDS ?= 180
FUZZ_JOBS ?= 1
FUZZ_TARGETS ?= spec mat npy flo score-csv runs-csv safetensors cache-json image video
FUZZ_FLAGS := -c debug --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address \
	-Xcc -fsanitize=fuzzer-no-link,address

fuzz-build: deps
	for target in $(FUZZ_TARGETS); do F2LM_FUZZ=1 $(SWIFT) build $(FUZZ_FLAGS) --product fuzz-$$target || exit 1; done

fuzz: fuzz-build
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_JOBS=$(FUZZ_JOBS) scripts/fuzz.sh $(FUZZ_TARGETS)

# Serves the training curves, image panels and HParams view of `make ablation` at http://localhost:6006.
tensorboard: python-deps
	$(PYTHON) -m tensorboard.main --logdir .f2lm-cache/tensorboard

clean:
	rm -rf .build .build-fuzz
