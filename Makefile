# weightinit: developer commands (see README).
#   make deps          install missing build dependencies (Debian/Ubuntu, apt)
#   make build         configure build/ and build everything
#   make test          deps + build + run the whole test suite (ctest)
#   make demo          deps + build + run `weightinit demo`
#   make bench         deps + Release build in build-bench/ + benchmarks/run.sh
#   make format        clang-format -i all sources
#   make format-check  fail if any source is not clang-formatted
#   make clean         remove build directories
# Overridable: BUILD_TYPE, BUILD_DIR, BENCH_DIR, JOBS, CMAKE, CTEST, CMAKE_ARGS,
#              CLANG_FORMAT.

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

DEB_PACKAGES := cmake g++ make libeigen3-dev libgtest-dev libbenchmark-dev \
                librandom123-dev nlohmann-json3-dev openmpi-bin libopenmpi-dev

FORMAT_DIRS := include tests tools examples benchmarks

.PHONY: all deps configure build test demo bench format format-check clean

all: build

deps:
	@set -e; if ! command -v dpkg-query >/dev/null 2>&1; then \
	  echo "make deps: no dpkg here; install by hand: $(DEB_PACKAGES)"; exit 0; \
	fi; \
	missing=""; \
	for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q 'install ok installed' \
	    || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then echo "make deps: all packages present"; exit 0; fi; \
	echo "make deps: installing:$$missing"; \
	if [ "$$(id -u)" -eq 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; \
	else echo "make deps: not root and no sudo; install:$$missing" >&2; exit 1; fi; \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get update; \
	$$sudo env DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y --no-install-recommends $$missing

configure: deps
	$(CMAKE) -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_ARGS)

build: configure
	$(CMAKE) --build $(BUILD_DIR) -j $(JOBS)

test: build
	cd $(BUILD_DIR) && $(CTEST) --output-on-failure -j $(JOBS)

demo: build
	./$(BUILD_DIR)/bin/weightinit demo

bench: deps
	$(CMAKE) -S . -B $(BENCH_DIR) -DCMAKE_BUILD_TYPE=Release \
	  -DWEIGHTINIT_BUILD_BENCHMARKS=ON -DWEIGHTINIT_BUILD_TESTS=OFF \
	  -DWEIGHTINIT_BUILD_EXAMPLES=OFF $(CMAKE_ARGS)
	$(CMAKE) --build $(BENCH_DIR) -j $(JOBS)
	@if [ -x benchmarks/run.sh ]; then \
	  benchmarks/run.sh $(BENCH_DIR); \
	elif [ -f benchmarks/run.sh ]; then \
	  bash benchmarks/run.sh $(BENCH_DIR); \
	else \
	  echo "make bench: no benchmarks/run.sh; benchmark programs are in $(BENCH_DIR)/bin"; \
	fi

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
