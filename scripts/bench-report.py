#!/usr/bin/env python3
"""`make bench`: every speed figure of docsgen as a ratio against its peer measured in the same run.

Usage: bench-report.py --docsgen BIN --venv VENV [--lab LAB] [--runs N] [--files N]

Each command is run N times (default 5; 3 for image measurements); the median wall time and the peak RSS
(`/usr/bin/time -f %M`, of the slowest run's kind: the maximum over the runs) are reported. A ratio is
docsgen's median over the peer's median from this same run, so a busy machine moves both. Rows:

  example build       `docsgen build` of the bundled example in a scratch clone (whole process), alone and
                      without its external Python plugin; goal <= 30 ms
  dockerfiles         `docsgen facts --json` over N generated Dockerfiles vs BuildKit's parser (PyPI
                      `dockerfile`, in-process, parse only); goal ratio <= 0.5
  compose             `docsgen facts` of the example's compose file vs `docker compose config` (compose-go)
  docker archive      `docsgen measure` of the lab's ~350 MB image vs `dive --ci`; goal ratio <= 0.5
  OCI layout          `docsgen measure` of the lab's OCI layout vs `gzip -dc` of its blobs; goal ratio <= 0.5
  markdown            `docsgen render` is not a command: the Markdown of the example's documents through the
                      cmark-gfm CLI when it is installed (Debian `cmark-gfm`), for the rendering floor
  peak RSS            of every image measurement above; goal <= 64 MB

Exit status 0 (the report is the result; goals are marked, not enforced).
"""
from __future__ import annotations

import argparse
import glob
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def timed(command, runs, cwd=None, env=None):
    """Median seconds and peak KB of `runs` runs of `command` (a list)."""
    times, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(["/usr/bin/time", "-f", "%M", *command], cwd=cwd, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
        lines = result.stderr.decode(errors="replace").strip().splitlines()
        peaks.append(int(lines[-1]) if lines and lines[-1].isdigit() else 0)
        if result.returncode not in (0, 2):
            sys.exit(f"bench: {' '.join(command)} failed ({result.returncode}): {result.stderr.decode()[-400:]}")
    return statistics.median(times), max(peaks)


def in_process(action, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


class Report:
    def __init__(self):
        self.rows = []

    def add(self, name, seconds, kb=None, peer=None, peer_seconds=None, goal=None, goal_kind="ratio"):
        ratio = seconds / peer_seconds if peer_seconds else None
        if goal is None:
            verdict = "—"
        elif goal_kind == "ratio":
            verdict = "within goal" if ratio is not None and ratio <= goal else "over goal"
        else:  # absolute seconds
            verdict = "within goal" if seconds <= goal else "over goal"
        self.rows.append((name, seconds, kb, peer, peer_seconds, ratio, goal, goal_kind, verdict))

    def print(self):
        print(f"{'measure':44} {'docsgen':>9} {'peak RSS':>9}  {'peer':34} {'peer':>9} {'ratio':>6}  {'goal':>8}  verdict")
        for name, seconds, kb, peer, peer_seconds, ratio, goal, kind, verdict in self.rows:
            goal_text = "—" if goal is None else (f"<= {goal:g}" if kind == "ratio" else f"<= {goal * 1000:g} ms")
            print(f"{name:44} {seconds * 1000:7.1f}ms {(f'{kb / 1024:.1f} MB' if kb else '—'):>9}  "
                  f"{(peer or '—'):34} {(f'{peer_seconds * 1000:7.1f}ms' if peer_seconds else '—'):>9} "
                  f"{(f'{ratio:.2f}' if ratio is not None else '—'):>6}  {goal_text:>8}  {verdict}")


def example_clone(repo):
    folder = tempfile.mkdtemp(prefix="docsgen-bench-")
    subprocess.run(["git", "clone", "--quiet", "--shared", "--no-checkout", repo, folder], check=True)
    for item in ["docsgen.yml", "Content", "Output"]:
        source = os.path.join(repo, item)
        (shutil.copytree if os.path.isdir(source) else shutil.copy)(source, os.path.join(folder, item))
    return folder


def without_external_plugin(config):
    """Drops the external plugins (the `- name:` entries of the top-level `plugins:` list), nothing else: the
    Dockerfiles, images and every other section stay, so the row measures the whole example."""
    lines, section, skipping = [], None, False
    for line in open(config).read().splitlines(keepends=True):
        if line[:1].isalpha():
            section = line.split(":", 1)[0]
        if section == "plugins" and line.startswith("  - name: "):
            skipping = True
            continue
        if skipping and line.startswith("    "):
            continue
        skipping = False
        lines.append(line)
    open(config, "w").write("".join(lines))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--docsgen", required=True)
    parser.add_argument("--venv", required=True)
    parser.add_argument("--lab", default=os.environ.get("LAB", os.path.join(tempfile.gettempdir(), "docsgen-lab")))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--files", type=int, default=1000)
    args = parser.parse_args()
    docsgen = os.path.abspath(args.docsgen)
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    python = os.path.join(args.venv, "bin", "python")
    report = Report()

    # The bundled example, whole process.
    clone = example_clone(repo)
    try:
        seconds, kb = timed([docsgen, "build"], args.runs, cwd=clone)
        # The plugin is `python3 …` from PATH, started twice (handshake, render; overlapped): the interpreter's
        # own start-up is the floor of this row (a pyenv shim alone takes ~80 ms on the project's machine).
        python_seconds, _ = timed(["python3", "-c", "pass"], args.runs, cwd=clone)
        report.add("example: docsgen build (with its plugin)", seconds, kb, peer="python3 -c pass (same PATH)",
                   peer_seconds=python_seconds, goal=0.030, goal_kind="absolute")
        without_external_plugin(os.path.join(clone, "docsgen.yml"))
        seconds, kb = timed([docsgen, "build"], args.runs, cwd=clone)
        report.add("example: docsgen build (built-in plugins)", seconds, kb, goal=0.030, goal_kind="absolute")
        seconds, kb = timed([docsgen, "check"], args.runs, cwd=clone)
        report.add("example: docsgen check (built-in plugins)", seconds, kb, goal=0.030, goal_kind="absolute")
    finally:
        shutil.rmtree(clone, ignore_errors=True)

    # Dockerfiles: docsgen facts --json over generated files, beside BuildKit's parser in-process.
    work = tempfile.mkdtemp(prefix="docsgen-bench-files-")
    try:
        subprocess.run([python, os.path.join(repo, "scripts/compare-buildkit.py"), "--generate", str(args.files), work],
                       check=True, stdout=subprocess.DEVNULL)
        files = sorted(glob.glob(os.path.join(work, "*.Dockerfile")))
        seconds, kb = timed([docsgen, "facts", "--json", *files], args.runs)
        peer = subprocess.run([python, "-c", (
            "import dockerfile, sys, time, statistics\n"
            "files = sys.argv[2:]\nruns = int(sys.argv[1])\ntimes = []\n"
            "for _ in range(runs):\n"
            "    start = time.perf_counter()\n"
            "    for f in files:\n"
            "        try: dockerfile.parse_file(f)\n"
            "        except dockerfile.GoParseError: pass\n"
            "    times.append(time.perf_counter() - start)\n"
            "print(statistics.median(times))\n"), str(args.runs), *files], check=True, capture_output=True)
        report.add(f"{len(files)} Dockerfiles: docsgen facts --json", seconds, kb,
                   peer="BuildKit parser (in-process)", peer_seconds=float(peer.stdout), goal=0.5)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    # Compose: the example's file beside docker compose config (compare-compose.py times both the same way).
    result = subprocess.run([python, os.path.join(repo, "scripts/compare-compose.py"), "--bench", str(args.runs * 2)],
                            cwd=repo, env=dict(os.environ, DOCSGEN=docsgen), capture_output=True, text=True)
    match = re.search(r"compose-go config ([0-9.]+) ms, docsgen facts ([0-9.]+) ms", result.stdout)
    if match:
        report.add("compose: docsgen facts (example)", float(match.group(2)) / 1000,
                   peer="docker compose config (compose-go)", peer_seconds=float(match.group(1)) / 1000)
    else:
        print(f"compose row skipped: {(result.stdout + result.stderr).strip()[-300:]}")

    # Images of the lab.
    images = os.path.join(args.lab, "images")
    runs = max(1, min(args.runs, 3))
    peak = 0
    if os.path.exists(os.path.join(images, "big.tar")):
        seconds, kb = timed([docsgen, "measure", "--stdout", "--image", "big", os.path.join(images, "big.tar")], runs)
        peak = max(peak, kb)
        dive = os.path.join(args.venv, "bin", "dive")
        peer_seconds = None
        if os.path.exists(dive):
            peer_seconds, _ = timed(["sh", "-c", f"'{dive}' --ci --source docker-archive '{images}/big.tar' >/dev/null; true"], runs)
        report.add("docker archive (~350 MB): docsgen measure", seconds, kb, peer="dive 0.13.1 --ci", peer_seconds=peer_seconds, goal=0.5)
        blobs = os.path.join(images, "big-oci", "blobs", "sha256")
        seconds, kb = timed([docsgen, "measure", "--stdout", "--image", "big", os.path.join(images, "big-oci")], runs)
        peak = max(peak, kb)
        peer_seconds, _ = timed(["sh", "-c", f"for f in '{blobs}'/*; do gzip -dc \"$f\" 2>/dev/null; done >/dev/null; true"], runs)
        report.add("OCI layout: docsgen measure", seconds, kb, peer="gzip -dc of every blob", peer_seconds=peer_seconds, goal=0.5)
    million = os.environ.get("MILLION_TAR", os.path.join(tempfile.gettempdir(), "million.tar"))
    if os.path.exists(million):
        seconds, kb = timed([docsgen, "measure", "--stdout", "--image", "million", million], 1)
        peak = max(peak, kb)
        report.add("1,000,000-entry layer: docsgen measure", seconds, kb)

    # cmark-gfm's CLI over the example's Markdown: the floor of rendering (docsgen renders inside build).
    cmark = shutil.which("cmark-gfm")
    if cmark:
        documents = sorted(glob.glob(os.path.join(repo, "Output", "*.md")))
        peer_seconds, _ = timed([cmark, "-e", "table", "-e", "tasklist", "-e", "strikethrough", "-e", "autolink", *documents], args.runs)
        report.add("example Markdown: cmark-gfm CLI alone", peer_seconds, None)

    report.print()
    if peak:
        print(f"\npeak RSS over the image measurements: {peak / 1024:.1f} MB (goal <= 64 MB: "
              f"{'within goal' if peak <= 64 * 1024 else 'over goal'})")
    if not os.path.exists(os.path.join(images, "big.tar")):
        print(f"\nimage rows skipped: no lab images in {images} (build them with ../shared/tools/build-lab-images.sh)")


if __name__ == "__main__":
    main()
