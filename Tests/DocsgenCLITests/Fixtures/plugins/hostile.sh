#!/bin/sh
# A docsgen plugin (protocol 1) that misbehaves in the way MODE names; the tests run it as
# `run: [sh, plugins/hostile.sh, MODE]`. docsgen adds --docsgen-protocol for the handshake.
mode=$1
if [ "$2" = "--docsgen-protocol" ]; then
  case $mode in
    protocol-2) echo '{"protocol": 2, "name": "hostile", "summary": "speaks a later protocol"}' ;;
    handshake-sleep) sleep 1000 ;;
    *) echo '{"protocol": 1, "name": "hostile", "summary": "misbehaves on purpose"}' ;;
  esac
  exit 0
fi
# The render process may be started while the handshake runs; it must get no input unless the handshake is valid.
wc -c > plugin-input-bytes   # read the whole request, and record how much arrived
case $mode in
  sleep)
    # Leaves a child behind: the whole process group must be killed.
    sleep 1000 &
    echo $! > plugin-child.pid
    wait ;;
  flood) head -c 1073741824 /dev/zero ;;
  invalid-json) echo '{"documents": [' ;;
  exit-1) echo "something broke" >&2; exit 1 ;;
  asset) echo '{"documents": [], "assets": [{"name": "../../etc/x", "contents": "x"}]}' ;;
  script) printf '%s\n' '{"documents": [{"name": "scripted", "title": "Scripted", "markdown": "Hello <script>alert(1)</script> there.\n\n<div onclick=\"x()\">block</div>\n", "citations": []}]}' ;;
  unknown-key) echo '{"documents": [{"name": "x", "title": "X", "markdown": "x", "citations": [{"key": "images.backend.sise"}]}]}' ;;
  collide) echo '{"documents": [{"name": "build-report", "title": "X", "markdown": "x"}]}' ;;
  bad-name) echo '{"documents": [{"name": "../escape", "title": "X", "markdown": "x"}]}' ;;
  error-diagnostic) echo '{"documents": [], "diagnostics": [{"severity": "error", "message": "no release notes found"}]}' ;;
  *) echo "unknown mode $mode" >&2; exit 2 ;;
esac
