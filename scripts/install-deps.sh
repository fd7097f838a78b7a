#!/usr/bin/env bash
# Installs the system packages docsgen needs when they are missing.
# Debian/Ubuntu: apt-get (as root, or through sudo). Elsewhere: a clear message and exit 1.
set -euo pipefail

# python3 runs the example's external plugin (Content/plugins/security_summary.py); git reads completion.since.
# libisal-dev: Intel ISA-L, the gzip decompressor of image layers (about twice zlib's speed; `make bench-gzip`).
packages=(libcmark-gfm-dev libcmark-gfm-extensions-dev libarchive-dev libisal-dev libssl-dev pkg-config python3 git)

have_libraries() {
  command -v python3 >/dev/null 2>&1 && command -v git >/dev/null 2>&1 &&
  command -v pkg-config >/dev/null 2>&1 &&
    pkg-config --exists libcmark-gfm libarchive libcrypto libisal &&
    { [ -f /usr/include/cmark-gfm-core-extensions.h ] || [ -f /usr/local/include/cmark-gfm-core-extensions.h ]; }
}

if ! command -v swift >/dev/null 2>&1; then
  echo "docsgen: the Swift toolchain (6.0 or newer) is required: https://www.swift.org/install/" >&2
  exit 1
fi

if have_libraries; then
  exit 0
fi

if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "docsgen: installing ${packages[*]} needs root; run this as root or install sudo." >&2
      exit 1
    fi
  fi
  echo "docsgen: installing ${packages[*]} with apt-get"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  have_libraries || { echo "docsgen: a library is still missing after apt-get install (pkg-config libcmark-gfm libarchive libcrypto libisal)" >&2; exit 1; }
  exit 0
fi

cat >&2 <<MSG
docsgen: missing system libraries or tools: cmark-gfm with its extensions (GitHub's CommonMark), libarchive,
ISA-L (Intel's igzip), OpenSSL, python3 (the example's external plugin), git.
This script installs them only with apt-get (Debian, Ubuntu). Install them yourself:
  Fedora:  dnf install cmark-gfm-devel libarchive-devel isa-l-devel openssl-devel
  macOS:   brew install cmark-gfm libarchive isa-l openssl
  other:   build https://github.com/github/cmark-gfm and make 'pkg-config libcmark-gfm' work
MSG
exit 1
