#!/usr/bin/env python3
"""Dockerfile throughput: docsgen (parse, and full facts) beside BuildKit's official parser.

Usage: bench.py --docsgen BIN DIR   (DIR holds the Dockerfiles; each tool is timed best of --runs)

BuildKit's parser runs in-process through the PyPI `dockerfile` package (Go via cgo); docsgen runs as
one process over all files, so its figures include process start-up (a few milliseconds).
"""
import argparse
import os
import subprocess
import sys
import time


def files_in(folder):
    found = []
    for root, _, names in os.walk(folder):
        for name in names:
            if name == "Dockerfile" or name.endswith(".Dockerfile") or name.endswith(".dockerfile"):
                found.append(os.path.join(root, name))
    return sorted(found)


def best_of(runs, action):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--docsgen", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("folder")
    args = parser.parse_args()

    files = files_in(args.folder)
    if not files:
        sys.exit(f"no Dockerfiles in {args.folder}")
    total_bytes = sum(os.path.getsize(f) for f in files)
    total_lines = sum(open(f, "rb").read().count(b"\n") for f in files)

    def docsgen(command):
        def run():
            result = subprocess.run([args.docsgen, *command, *files], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if result.returncode not in (0, 2):
                sys.exit(f"docsgen {command[0]} failed: {result.stderr.decode()[:400]}")
        return run

    import dockerfile  # BuildKit v0.12.5's parser

    def buildkit():
        for f in files:
            try:
                dockerfile.parse_file(f)
            except dockerfile.GoParseError:
                pass

    rows = [
        ("docsgen parse (syntax)", best_of(args.runs, docsgen(["parse"]))),
        ("docsgen facts (syntax + stages + packages, text)", best_of(args.runs, docsgen(["facts"]))),
        ("docsgen facts --json (the same + JSON)", best_of(args.runs, docsgen(["facts", "--json"]))),
        ("BuildKit parser (PyPI dockerfile 3.4.0, in-process)", best_of(args.runs, buildkit)),
    ]
    mb = total_bytes / 1e6
    print(f"{len(files)} Dockerfiles, {total_lines} lines, {mb:.2f} MB; best of {args.runs} runs")
    print(f"{'tool':58} {'time':>9} {'files/s':>10} {'MB/s':>8}")
    for name, seconds in rows:
        print(f"{name:58} {seconds * 1000:7.1f}ms {len(files) / seconds:10.0f} {mb / seconds:8.2f}")
    base = rows[-1][1]
    print(f"relative to BuildKit's parser: parse {base / rows[0][1]:.2f}x, facts {base / rows[1][1]:.2f}x, "
          f"facts --json {base / rows[2][1]:.2f}x (higher is faster)")


if __name__ == "__main__":
    main()
