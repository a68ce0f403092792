# weightinit: developer commands (see README).
#   make deps          install missing build dependencies (Debian/Ubuntu, apt)
#   make build         configure build/ and build everything
#   make test          deps + build + run the whole test suite (ctest)
#   make demo          deps + build + run `weightinit demo`
#   make bench         deps + bench-deps + Release build of the benchmarks in build-bench/ +
#                      benchmarks/run.sh (every benchmark program, then compare_peers.py):
#                      build-bench/results/*.json and build-bench/results/bench.md
#   make bench-deps    install missing benchmark-only packages (numpy, PyTorch: the peers)
#   make format        clang-format -i all sources
#   make format-check  fail if any source is not clang-formatted
#   make clean         remove build directories
# Overridable: BUILD_TYPE, BUILD_DIR, BENCH_DIR, JOBS, CMAKE, CTEST, CMAKE_ARGS,
#              CLANG_FORMAT, BENCH_ARCH, PYTHON.
#   BENCH_ARCH  -march= value for the benchmark programs only (default: native, so the
#               AVX2/AVX-512 code paths chosen at compile time from __AVX2__ / __AVX512F__,
#               Eigen's and the library's, are the ones measured). BENCH_ARCH=x86-64-v3
#               measures another target; BENCH_ARCH= (empty) adds no -march at all.
#               Run-time knobs (BENCH_MIN_TIME, BENCH_FILTER, ...): benchmarks/README.md.
#   PYTHON      interpreter for benchmarks/compare_peers.py (default: Debian's
#               /usr/bin/python3, which sees the python3-numpy and python3-torch packages).

SHELL := /bin/bash
MAKEFLAGS += --no-print-directory

BUILD_TYPE   ?= Release
BUILD_DIR    ?= build
BENCH_DIR    ?= build-bench
JOBS         ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE        ?= cmake
CTEST        ?= ctest
CMAKE_ARGS   ?=
CLANG_FORMAT ?= clang-format
BENCH_ARCH   ?= native
PYTHON       ?= $(if $(wildcard /usr/bin/python3),/usr/bin/python3,python3)

DEB_PACKAGES := cmake g++ make libeigen3-dev libgtest-dev libbenchmark-dev \
                librandom123-dev nlohmann-json3-dev openmpi-bin libopenmpi-dev

# Benchmark-only packages (make bench): the peers compare_peers.py measures.
BENCH_DEB_PACKAGES := libbenchmark-dev python3-numpy python3-torch

FORMAT_DIRS := include tests tools examples benchmarks

.PHONY: all deps bench-deps configure build test demo bench format format-check clean

all: build

# $(call apt_install,LABEL,PACKAGES): installs the packages that are not installed yet.
define apt_install
	@set -e; if ! command -v dpkg-query >/dev/null 2>&1; then \
	  echo "make $(1): no dpkg here; install by hand: $(2)"; exit 0; \
	fi; \
	missing=""; \
	for p in $(2); do \
	  dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q 'install ok installed' \
	    || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then echo "make $(1): all packages present"; exit 0; fi; \
	echo "make $(1): installing:$$missing"; \
	if [ "$$(id -u)" -eq 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; \
	else echo "make $(1): not root and no sudo; install:$$missing" >&2; exit 1; fi; \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get update; \
	$$sudo env DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y --no-install-recommends $$missing
endef

deps:
	$(call apt_install,deps,$(DEB_PACKAGES))

bench-deps: deps
	$(call apt_install,bench-deps,$(BENCH_DEB_PACKAGES))

configure: deps
	$(CMAKE) -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_ARGS)

build: configure
	$(CMAKE) --build $(BUILD_DIR) -j $(JOBS)

test: build
	cd $(BUILD_DIR) && $(CTEST) --output-on-failure -j $(JOBS)

demo: build
	./$(BUILD_DIR)/bin/weightinit demo

# Only the benchmark programs are built (no tests, tools or examples).
bench: bench-deps
	$(CMAKE) -S . -B $(BENCH_DIR) -DCMAKE_BUILD_TYPE=Release \
	  -DWEIGHTINIT_BUILD_BENCHMARKS=ON -DWEIGHTINIT_BUILD_TESTS=OFF \
	  -DWEIGHTINIT_BUILD_EXAMPLES=OFF -DWEIGHTINIT_BUILD_TOOLS=OFF \
	  -DWEIGHTINIT_INSTALL=OFF -DWEIGHTINIT_BENCH_ARCH="$(BENCH_ARCH)" $(CMAKE_ARGS)
	$(CMAKE) --build $(BENCH_DIR) -j $(JOBS)
	PYTHON="$(PYTHON)" bash benchmarks/run.sh $(BENCH_DIR)

# Only the directories that exist (find with no path would search ".").
FORMAT_FILES = $(if $(wildcard $(FORMAT_DIRS)),$(shell find $(wildcard $(FORMAT_DIRS)) -type f \( -name '*.hpp' -o -name '*.cpp' \) | sort))

format:
	@set -e; files="$(FORMAT_FILES)"; \
	if [ -n "$$files" ]; then \
	  $(CLANG_FORMAT) -i $$files; fi; \
	echo "format: done"

format-check:
	@set -e; files="$(FORMAT_FILES)"; \
	if [ -n "$$files" ]; then \
	  $(CLANG_FORMAT) --dry-run -Werror $$files; fi; \
	echo "format-check: OK"

clean:
	rm -rf build build-*
