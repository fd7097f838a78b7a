#!/usr/bin/env bash
# `make bench-gzip`: the gzip decompressors available as Debian packages (zlib, libarchive's gzip filter,
# Intel ISA-L, libdeflate) on the gzip layer blobs of the lab's OCI layout (or the files given), each checked
# against zlib's output; the figures behind docsgen's choice of ISA-L (scripts/bench-gzip.c).
set -euo pipefail
cd "$(dirname "$0")/.."
lab="${LAB:-${TMPDIR:-/tmp}/docsgen-lab}"
headers=(/usr/include/zlib.h /usr/include/archive.h /usr/include/isa-l/igzip_lib.h /usr/include/libdeflate.h)
missing=0
for header in "${headers[@]}"; do [ -f "$header" ] || missing=1; done
if [ "$missing" -eq 1 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    echo "installing zlib1g-dev libarchive-dev libisal-dev libdeflate-dev with apt-get…"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends zlib1g-dev libarchive-dev libisal-dev libdeflate-dev >/dev/null
  else
    echo "bench-gzip: needs the headers of zlib, libarchive, ISA-L and libdeflate (Debian: zlib1g-dev libarchive-dev libisal-dev libdeflate-dev)" >&2
    exit 2
  fi
fi
mkdir -p .build
cc -O2 -Wall -o .build/bench-gzip scripts/bench-gzip.c -larchive -lisal -ldeflate -lz
if [ "$#" -gt 0 ]; then
  files=("$@")
else
  # The layer blobs of the lab's OCI layout: the gzip files among its blobs.
  files=()
  for blob in "$lab"/images/big-oci/blobs/sha256/*; do
    [ "$(head -c 2 "$blob" | od -An -tx1 | tr -d ' ')" = "1f8b" ] && files+=("$blob")
  done
  if [ "${#files[@]}" -eq 0 ]; then
    echo "bench-gzip: no gzip blobs in $lab/images/big-oci (build the lab images with ../shared/tools/build-lab-images.sh, or name files)" >&2
    exit 2
  fi
fi
.build/bench-gzip "${files[@]}"
