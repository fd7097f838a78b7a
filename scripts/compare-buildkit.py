#!/usr/bin/env python3
"""Compare docsgen's Dockerfile parser with BuildKit's, instruction by instruction.

BuildKit's parser comes from the PyPI package `dockerfile` (3.4.0 wraps BuildKit v0.12.5's
`frontend/dockerfile/parser`); install it with `python3 -m pip install dockerfile==3.4.0` or run this
script with an interpreter that has it.

Modes (run from the repository root):

  compare-buildkit.py [PATH ...]         compare every Dockerfile under PATHs (folders or files;
                                         default Tests/DocsgenDockerfileTests/Fixtures). A file is a
                                         Dockerfile when it is named `Dockerfile`, `Dockerfile.*` or
                                         `*.Dockerfile`. docsgen is `$DOCSGEN`, else `--docsgen`, else
                                         `.build/debug/docsgen`; it is run as `docsgen parse --json FILE`.
  compare-buildkit.py --generate N DIR   write N generated, realistic Dockerfiles (20-120 lines) into DIR
                                         as gen-0001.Dockerfile ...; deterministic for a given --seed.
  compare-buildkit.py --bench DIR        time BuildKit's parser in-process over every Dockerfile in DIR.
  compare-buildkit.py --dump FILE ...    print BuildKit's parse of FILE in docsgen's `parse --json` shape.

Outcome of a comparison, per file:
  identical          both parsers accept and every instruction matches
  differing          both accept, at least one field of one instruction differs         (syntax-level)
  both reject        BuildKit raises a parse error and docsgen exits 2
  docsgen rejects (semantic check)
                     docsgen exits 2, BuildKit's syntax parser accepts (unknown instruction, bad FROM,
                     unknown flag, ...); noted, not a failure
  buildkit rejects only
                     BuildKit raises, docsgen accepts (exit 0)                           (syntax-level)
  docsgen failed     docsgen crashed, timed out, exited with another status or printed no JSON
                                                                                         (syntax-level)
Compared fields: cmd and subCmd (case-insensitively), json, original, startLine, endLine, flags, value,
heredoc names and contents. Each mismatch is one line `FILE:LINE: FIELD: buildkit=... docsgen=...`.
The summary line is `agreement: N/M files identical, K instructions compared, D differing`, where N counts
identical files plus files both parsers reject.

Dispatch errors: BuildKit reports most errors after its parser, when it reads the instructions and builds
the stages; the PyPI parser cannot judge those. A Dockerfile with a `buildkit-error.txt` beside it (first
line not starting with `#`: the message BuildKit reports, with the source it was read from in a comment)
must make `docsgen facts --json FILE` exit 2 with an error whose message contains that text. Every
Dockerfile in a `bad-*` folder that BuildKit's parser accepts needs such a file, and a file beside one that
BuildKit's parser already rejects is misplaced. The summary line is `dispatch errors matched: N/M`.

Exit status: 0 when nothing differs at the syntax level and every dispatch error matches, 1 otherwise, 3 for
a usage or setup problem.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import random
import subprocess
import sys
import time

DEFAULT_FIXTURES = "Tests/DocsgenDockerfileTests/Fixtures"
DEFAULT_DOCSGEN = ".build/debug/docsgen"
DEFAULT_SEED = 20241129
EXPECTATION_FILE = "buildkit-error.txt"


# --------------------------------------------------------------------------- BuildKit side

def load_buildkit():
    try:
        import dockerfile  # noqa: F401
    except ImportError:
        sys.stderr.write(
            "error: the Python package `dockerfile` (BuildKit's parser) is not importable by "
            f"{sys.executable}.\nInstall it with `python3 -m pip install dockerfile==3.4.0` "
            "or run this script with a Python that has it (e.g. the venv `make compare-buildkit` creates).\n")
        sys.exit(3)
    import dockerfile
    return dockerfile


def buildkit_parse(dockerfile_mod, path):
    """Returns (instructions, error message)."""
    try:
        cmds = dockerfile_mod.parse_file(path)
    except dockerfile_mod.GoParseError as e:
        return None, str(e)
    except dockerfile_mod.GoIOError as e:
        return None, "I/O error: " + str(e)
    return [normalise_buildkit(c) for c in cmds], None


def normalise_buildkit(c):
    return {
        "cmd": c.cmd,
        "subCmd": c.sub_cmd,
        "json": bool(c.json),
        "original": c.original,
        "startLine": c.start_line,
        "endLine": c.end_line,
        "flags": list(c.flags),
        "value": list(c.value),
        "heredocs": [{"name": h.name, "content": h.content} for h in c.heredocs],
    }


# --------------------------------------------------------------------------- docsgen side

def docsgen_parse(docsgen, path, timeout):
    """Returns (status, instructions or None, detail) with status in ok / reject / failed."""
    try:
        proc = subprocess.run([docsgen, "parse", "--json", path], capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "failed", None, f"timed out after {timeout}s"
    except OSError as e:
        return "failed", None, f"could not run {docsgen}: {e}"
    stderr = proc.stderr.decode("utf-8", "replace").strip()
    stdout = proc.stdout.decode("utf-8", "replace")
    if proc.returncode == 2:
        detail = first_line(stderr) or first_line(stdout)
        return "reject", None, detail
    if proc.returncode != 0:
        detail = first_line(stderr) or first_line(stdout)
        return "failed", None, f"exit status {proc.returncode}" + (f": {detail}" if detail else "")
    try:
        data = json.loads(stdout)
    except ValueError as e:
        return "failed", None, f"output is not JSON ({e})"
    if isinstance(data, dict) and isinstance(data.get("instructions"), list):
        data = data["instructions"]
    if not isinstance(data, list):
        return "failed", None, "output is not a JSON array"
    return "ok", data, ""


def docsgen_errors(docsgen, path, timeout):
    """Runs `docsgen facts --json PATH`; returns (exit status or None, error messages, detail)."""
    try:
        proc = subprocess.run([docsgen, "facts", "--json", path], capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, [], f"timed out after {timeout}s"
    except OSError as e:
        return None, [], f"could not run {docsgen}: {e}"
    try:
        data = json.loads(proc.stdout.decode("utf-8", "replace"))
        diagnostics = data.get("diagnostics", []) if isinstance(data, dict) else []
    except ValueError:
        diagnostics = []
    messages = [d.get("message", "") for d in diagnostics if isinstance(d, dict) and d.get("severity") == "error"]
    return proc.returncode, messages, first_line(proc.stderr.decode("utf-8", "replace"))


def first_line(text):
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:300]
    return ""


# --------------------------------------------------------------------------- comparison

MISSING = "<missing>"


def heredoc_pairs(value):
    if not isinstance(value, list):
        return value
    out = []
    for h in value:
        if isinstance(h, dict):
            out.append({"name": h.get("name", MISSING), "content": h.get("content", MISSING)})
        else:
            out.append(h)
    return out


def field_diffs(bk, dg):
    """Field-by-field differences between one BuildKit instruction and one docsgen instruction."""
    diffs = []
    if not isinstance(dg, dict):
        return [("instruction", bk, dg)]

    def get(key):
        return dg.get(key, MISSING)

    for key in ("cmd", "subCmd"):
        a, b = bk[key], get(key)
        same = (a.lower() == b.lower()) if isinstance(a, str) and isinstance(b, str) else a == b
        if not same:
            diffs.append((key, a, b))
    if bk["json"] != get("json"):
        diffs.append(("json", bk["json"], get("json")))
    for key in ("original", "startLine", "endLine", "flags", "value"):
        if bk[key] != get(key):
            diffs.append((key, bk[key], get(key)))
    if heredoc_pairs(bk["heredocs"]) != heredoc_pairs(get("heredocs")):
        diffs.append(("heredocs", bk["heredocs"], get("heredocs")))
    return diffs


def show(value):
    return json.dumps(value, ensure_ascii=False)


def compare_file(path, bk_result, dg_result, report):
    """Classifies one file; returns (category, instructions compared, instructions differing)."""
    bk, bk_err = bk_result
    status, dg, detail = dg_result
    if status == "failed":
        report(f"{path}: docsgen failed: {detail}" + (f" (buildkit: {bk_err})" if bk_err else ""))
        return "docsgen failed", 0, 0
    if bk_err is not None:
        if status == "reject":
            return "both reject", 0, 0
        report(f"{path}: buildkit rejects ({bk_err}), docsgen accepts")
        return "buildkit rejects only", 0, 0
    if status == "reject":
        report(f"{path}: note: docsgen rejects (semantic check), buildkit accepts"
               + (f": {detail}" if detail else ""))
        return "docsgen rejects (semantic check)", 0, 0

    compared = max(len(bk), len(dg))
    differing = 0
    if len(bk) == len(dg):
        pairs = list(zip(bk, dg))
    else:
        # Pair by first line so that one extra or missing instruction does not shift every later one.
        report(f"{path}: instruction count: buildkit={len(bk)} docsgen={len(dg)}")
        by_line = {}
        for d in dg:
            by_line.setdefault(d.get("startLine") if isinstance(d, dict) else None, []).append(d)
        pairs = [(b, by_line[b["startLine"]].pop(0) if by_line.get(b["startLine"]) else None) for b in bk]
        pairs += [(None, d) for rest in by_line.values() for d in rest]
    for b, d in pairs:
        if b is None:
            line = d.get("startLine", "?") if isinstance(d, dict) else "?"
            report(f"{path}:{line}: instruction: buildkit={show(None)} docsgen={show(d)}")
            differing += 1
            continue
        if d is None:
            report(f"{path}:{b['startLine']}: instruction: buildkit={show(b)} docsgen={show(None)}")
            differing += 1
            continue
        diffs = field_diffs(b, d)
        if diffs:
            differing += 1
            for field, x, y in diffs:
                report(f"{path}:{b['startLine']}: {field}: buildkit={show(x)} docsgen={show(y)}")
    return ("identical" if differing == 0 and len(bk) == len(dg) else "differing"), compared, differing


def read_expectation(path):
    """The message BuildKit reports for the Dockerfile at PATH (from the file beside it), or None."""
    expectation = os.path.join(os.path.dirname(path), EXPECTATION_FILE)
    if not os.path.isfile(expectation):
        return None
    with open(expectation, encoding="utf-8") as fh:
        for line in fh:
            if line.strip() and not line.startswith("#"):
                return line.strip()
    return ""


def needs_expectation(path):
    return os.path.basename(os.path.dirname(os.path.abspath(path))).startswith("bad-")


def check_dispatch(path, bk_result, expected, dg_errors, report):
    """Whether docsgen reports the dispatch error BuildKit reports for PATH; None when PATH has none."""
    bk_err = bk_result[1]
    if expected is None:
        if needs_expectation(path) and bk_err is None:
            report(f"{path}: dispatch: BuildKit's parser accepts this bad fixture and there is no "
                   f"{EXPECTATION_FILE} saying what BuildKit reports")
            return False
        return None
    if bk_err is not None:
        report(f"{path}: dispatch: {EXPECTATION_FILE} beside a file BuildKit's parser rejects ({bk_err})")
        return False
    if not expected:
        report(f"{path}: dispatch: {EXPECTATION_FILE} holds no message")
        return False
    status, messages, detail = dg_errors
    if status == 2 and any(expected in m for m in messages):
        return True
    got = messages[0] if messages else (detail or "no error")
    report(f"{path}: dispatch: buildkit={show(expected)} docsgen={show(got)} (exit status {status})")
    return False


def is_dockerfile(name):
    return name == "Dockerfile" or name.startswith("Dockerfile.") or name.endswith(".Dockerfile")


def find_dockerfiles(paths):
    found = []
    for p in paths:
        if os.path.isfile(p):
            found.append(p)
            continue
        if not os.path.isdir(p):
            sys.stderr.write(f"error: no such file or folder: {p}\n")
            sys.exit(3)
        for root, dirs, files in os.walk(p):
            dirs.sort()
            for f in sorted(files):
                if is_dockerfile(f):
                    found.append(os.path.join(root, f))
    return found


CATEGORIES = ["identical", "differing", "both reject", "docsgen rejects (semantic check)",
              "buildkit rejects only", "docsgen failed"]
SYNTAX_LEVEL_FAILURES = {"differing", "buildkit rejects only", "docsgen failed"}


def run_compare(args):
    dockerfile_mod = load_buildkit()
    docsgen = args.docsgen or os.environ.get("DOCSGEN") or DEFAULT_DOCSGEN
    if not (os.path.isfile(docsgen) and os.access(docsgen, os.X_OK)):
        sys.stderr.write(f"error: docsgen executable not found at {docsgen} "
                         "(build it with `swift build`, or set DOCSGEN / --docsgen)\n")
        return 3
    files = find_dockerfiles(args.paths or [DEFAULT_FIXTURES])
    if not files:
        sys.stderr.write("error: no Dockerfiles found\n")
        return 3

    # docsgen runs in parallel subprocesses; BuildKit's parser runs in this thread.
    expectations = [read_expectation(f) for f in files]
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(docsgen_parse, docsgen, f, args.timeout) for f in files]
        error_futures = [pool.submit(docsgen_errors, docsgen, f, args.timeout)
                         if e is not None or needs_expectation(f) else None
                         for f, e in zip(files, expectations)]
        bk_results = [buildkit_parse(dockerfile_mod, f) for f in files]
        dg_results = [fu.result() for fu in futures]
        dg_errors = [fu.result() if fu else None for fu in error_futures]

    counts = {c: 0 for c in CATEGORIES}
    total_compared = total_differing = 0
    for path, bk_res, dg_res in zip(files, bk_results, dg_results):
        category, compared, differing = compare_file(path, bk_res, dg_res, print)
        counts[category] += 1
        total_compared += compared
        total_differing += differing

    dispatch = [check_dispatch(path, bk_res, expected, errors, print)
                for path, bk_res, expected, errors in zip(files, bk_results, expectations, dg_errors)]
    dispatch = [d for d in dispatch if d is not None]

    agreeing = counts["identical"] + counts["both reject"]
    print(f"agreement: {agreeing}/{len(files)} files identical, {total_compared} instructions compared, "
          f"{total_differing} differing")
    print("categories: " + ", ".join(f"{c}: {counts[c]}" for c in CATEGORIES))
    print(f"dispatch errors matched: {sum(dispatch)}/{len(dispatch)}")
    failed = any(counts[c] for c in SYNTAX_LEVEL_FAILURES) or not all(dispatch)
    return 1 if failed else 0


def run_dump(args):
    dockerfile_mod = load_buildkit()
    out = {}
    for f in args.dump:
        cmds, err = buildkit_parse(dockerfile_mod, f)
        out[f] = {"error": err} if err is not None else cmds
    if len(args.dump) == 1:
        out = out[args.dump[0]]
    print(json.dumps(out, indent=2, ensure_ascii=False))
    return 0


# --------------------------------------------------------------------------- benchmark

def run_bench(args):
    dockerfile_mod = load_buildkit()
    files = find_dockerfiles([args.bench])
    if not files:
        sys.stderr.write(f"error: no Dockerfiles in {args.bench}\n")
        return 3
    texts = []
    total_bytes = 0
    for f in files:
        with open(f, "rb") as fh:
            data = fh.read()
        total_bytes += len(data)
        texts.append(data.decode("utf-8", "surrogateescape"))
    rejected = 0
    start = time.perf_counter()
    for _ in range(args.repeat):
        for text in texts:
            try:
                dockerfile_mod.parse_string(text)
            except dockerfile_mod.GoParseError:
                rejected += 1
    elapsed = time.perf_counter() - start
    n = len(files) * args.repeat
    mb = total_bytes * args.repeat / 1e6
    rate = n / elapsed if elapsed > 0 else float("inf")
    mbs = mb / elapsed if elapsed > 0 else float("inf")
    print(f"buildkit-parser: {n} files, {mb:.3f} MB, {elapsed:.3f} s, {rate:.1f} files/s, {mbs:.2f} MB/s")
    if rejected:
        sys.stderr.write(f"note: BuildKit rejected {rejected} of {n} parses\n")
    return 0


# --------------------------------------------------------------------------- generator

class Gen:
    """Builds one realistic Dockerfile from a seeded random source."""

    PY_PKGS = ["flask==3.0.3", "requests", "gunicorn==22.0.0", "'uvicorn[standard]'", '"django>=5.0,<5.1"',
               "'psycopg[binary]'", "celery", "redis==5.0.4", "numpy", "pydantic==2.7.1", "httpx", "boto3"]
    APK_PKGS = ["curl", "ca-certificates", "tzdata", "git", "openssh-client", "bash", "tini", "libpq",
                "build-base", "libffi-dev", "musl-dev", "jq", "su-exec", "postgresql16-client"]
    APT_PKGS = ["curl", "ca-certificates", "git", "build-essential", "libpq-dev", "gnupg", "unzip",
                "locales", "tzdata", "python3-dev", "netcat-openbsd", "dumb-init", "wget"]
    NPM_PKGS = ["express", "cors@2.8.5", "pm2", "typescript@5.4.5", "lodash", "dotenv", "prisma"]
    BASES = {
        "python": ["python:3.12-slim", "python:3.13-alpine3.21", "python:${PYTHON_VERSION}-slim-bookworm",
                   "python:3.11-bookworm"],
        "node": ["node:20-alpine", "node:${NODE_VERSION}-bookworm-slim", "node:22.2.0-alpine3.20", "node:lts"],
        "go": ["golang:1.22-alpine", "golang:${GO_VERSION}-bookworm", "golang:1.23"],
        "debian": ["debian:bookworm-slim", "ubuntu:24.04", "ubuntu:latest", "debian"],
        "alpine": ["alpine:3.20", "alpine:${ALPINE_VERSION}", "alpine",
                   "alpine@sha256:9b2a28eb47540823042a2ba401386845089bb7b73ffb63e7d4fa7b1c5a2e5d43"],
        "nginx": ["nginx:1.27-alpine", "nginxinc/nginx-unprivileged:1.27-alpine",
                  "localhost:5000/platform/nginx:1.27"],
    }
    GLOBAL_ARGS = {"PYTHON_VERSION": "3.12", "NODE_VERSION": "20.14.0", "GO_VERSION": "1.22.4",
                   "ALPINE_VERSION": "3.20"}

    def __init__(self, rng):
        self.r = rng
        self.lines = []
        self.lower = rng.random() < 0.10
        self.indent = "    " if rng.random() < 0.06 else ""
        self.stage_names = []
        self.stage_count = 0

    def kw(self, word):
        if self.lower:
            return word.lower()
        if self.r.random() < 0.01:
            return word.capitalize()
        return word

    def emit(self, *lines, indent=True):
        first = True
        for line in lines:
            prefix = self.indent if (indent and first and self.stage_count) else ""
            self.lines.append(prefix + line)
            first = False

    def blank(self):
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def cont(self, head, items, tail=None, sep=" \\", item_indent="    "):
        """A continued instruction: head, one item a line, optional tail, with some quirks."""
        r = self.r
        out = [head + sep]
        for i, item in enumerate(items):
            last = i == len(items) - 1 and tail is None
            line = item_indent + item + ("" if last else sep)
            if not last and r.random() < 0.05:
                line += r.choice([" ", "  ", "\t"])  # whitespace after the continuation character
            out.append(line)
            if not last and r.random() < 0.06:
                out.append(r.choice(["# pinned for reproducibility", "    # keep this list sorted",
                                     "#" + item_indent + "extra-tool" + sep]))
            if not last and r.random() < 0.015:
                out.append("")  # empty continuation line (BuildKit warns, still valid)
        if tail is not None:
            out.append(item_indent + tail)
        self.emit(*out)

    # ---- instruction blocks

    def comment(self):
        self.emit(self.r.choice([
            "# Install runtime dependencies", "# Build the application", "# Use a non-root user",
            "# Copy dependency manifests first for better layer caching", "# hadolint ignore=DL3018",
            "# --- runtime ---", "#", "# Healthcheck for the orchestrator"]), indent=False)

    def run_apk(self):
        r = self.r
        pkgs = r.sample(self.APK_PKGS, r.randint(1, 5))
        if r.random() < 0.5:
            self.cont(f"{self.kw('RUN')} apk add --no-cache", pkgs)
        else:
            self.emit(f"{self.kw('RUN')} apk update && apk add {' '.join(pkgs)}"
                      + (" && rm -rf /var/cache/apk/*" if r.random() < 0.5 else ""))

    def run_apt(self):
        r = self.r
        pkgs = r.sample(self.APT_PKGS, r.randint(2, 6))
        clean = r.random() < 0.7
        head = f"{self.kw('RUN')} apt-get update"
        items = ["&& apt-get install -y --no-install-recommends"] + ["    " + p for p in pkgs]
        tail = "&& rm -rf /var/lib/apt/lists/*" if clean else None
        self.cont(head, items, tail, item_indent=" ")

    def run_pip(self):
        r = self.r
        choice = r.random()
        if choice < 0.4:
            self.emit(f"{self.kw('RUN')} pip install --no-cache-dir -r requirements.txt")
        elif choice < 0.6:
            self.emit(f"{self.kw('RUN')} --mount=type=cache,target=/root/.cache/pip "
                      "pip install -r requirements.txt")
        else:
            self.emit(f"{self.kw('RUN')} pip install "
                      + ("--no-cache-dir " if r.random() < 0.5 else "")
                      + " ".join(r.sample(self.PY_PKGS, r.randint(1, 4))))

    def run_npm(self):
        r = self.r
        if r.random() < 0.5:
            self.emit(f"{self.kw('RUN')} npm ci" + (" --omit=dev" if r.random() < 0.5 else "")
                      + (" && npm cache clean --force" if r.random() < 0.4 else ""))
        else:
            self.emit(f"{self.kw('RUN')} npm install " + " ".join(r.sample(self.NPM_PKGS, r.randint(1, 3))))

    def run_shell(self):
        r = self.r
        options = [
            f"{self.kw('RUN')} useradd --create-home --uid 10001 app",
            f"{self.kw('RUN')} addgroup -S app && adduser -S -G app app",
            f"{self.kw('RUN')} mkdir -p /var/log/app /var/run/app && chown -R 10001:10001 /var/log/app",
            f"{self.kw('RUN')} echo \"build $(date -u +%Y-%m-%dT%H:%M:%SZ)\" > /build-info.txt  # not a comment",
            f"{self.kw('RUN')} [\"/bin/sh\", \"-c\", \"echo exec form > /tmp/form.txt\"]",
            f"{self.kw('RUN')} ln -sf /dev/stdout /var/log/app/access.log \\\n"
            "    && ln -sf /dev/stderr /var/log/app/error.log",
        ]
        for line in r.choice(options).split("\n"):
            self.lines.append((self.indent if line.startswith(self.kw("RUN")) else "") + line)

    def run_heredoc(self):
        r = self.r
        kind = r.randint(0, 4)
        if kind == 0:
            self.emit(f"{self.kw('RUN')} <<EOF", "set -eux", "echo \"FROM scratch\" > /tmp/template",
                      "apt-get --version || true", "EOF")
        elif kind == 1:
            self.emit(f"{self.kw('RUN')} <<-EOT", "\tset -e", "\tif [ -d /app ]; then",
                      "\t\tchmod -R g+rwX /app", "\tfi", "\tEOT")
        elif kind == 2:
            self.emit(f"{self.kw('RUN')} <<\"SCRIPT\" sh", "echo \"home=$HOME\"", "echo done", "SCRIPT")
        elif kind == 3:
            self.emit(f"{self.kw('RUN')} <<ONE cat > /etc/app/one.conf && <<'TWO' cat > /etc/app/two.conf",
                      "listen=8080", "ONE", "threads=${THREADS}", "TWO")
        else:
            self.emit(f"{self.kw('RUN')} python3 - \\", "    <<'PY'", "import sys", "print(sys.version)", "PY")

    def copy_heredoc(self):
        r = self.r
        if r.random() < 0.5:
            self.emit(f"{self.kw('COPY')} <<'EOF' /etc/app/config.toml", "[server]", "port = 8080",
                      "USER = \"not-an-instruction\"", "EOF")
        else:
            self.emit(f"{self.kw('COPY')} <<robots.txt <<humans.txt /usr/share/nginx/html/",
                      "User-agent: *", "Disallow: /admin/", "robots.txt", "/* TEAM */", "Web team", "humans.txt")

    def copy_manifest(self, eco):
        files = {"python": "requirements.txt", "node": "package.json package-lock.json ./",
                 "go": "go.mod go.sum ./"}.get(eco, "requirements.txt")
        if " " not in files:
            files += " ."
        self.emit(f"{self.kw('COPY')} {files}")

    def copy_source(self):
        r = self.r
        self.emit(r.choice([f"{self.kw('COPY')} . .", f"{self.kw('COPY')} --chown=app:app . /app",
                            f"{self.kw('COPY')} src/ ./src/", f"{self.kw('ADD')} static/ /srv/static/",
                            f"{self.kw('COPY')} --chmod=0755 docker-entrypoint.sh /usr/local/bin/"]))

    def copy_from(self):
        r = self.r
        if self.stage_count > 1 and r.random() < 0.8:
            idx = r.randrange(self.stage_count - 1)
            ref = self.stage_names[idx] if (self.stage_names[idx] and r.random() < 0.75) else str(idx)
            if r.random() < 0.2:
                ref = ref.upper()  # COPY --from finds stages case-insensitively
        else:
            ref = r.choice(["nginx:1.27-alpine", "busybox:1.36", "ghcr.io/example/tools:2.3.1"])
        src = r.choice(["/out/app", "/app/dist", "/opt/venv", "/usr/local/bin/tool", "/etc/ssl/certs/"])
        dst = r.choice(["/usr/local/bin/", "/app", "/opt/venv", "/srv/www"])
        flags = r.choice(["", "--chown=10001:10001 ", "--link "])
        self.emit(f"{self.kw('COPY')} --from={ref} {flags}{src} {dst}")

    def env(self):
        r = self.r
        pairs = r.sample(['PYTHONDONTWRITEBYTECODE=1', 'PYTHONUNBUFFERED=1', 'PIP_NO_CACHE_DIR=1',
                          'NODE_ENV=production', 'APP_HOME=/app', 'PATH="/opt/venv/bin:$PATH"',
                          "LANG='C.UTF-8'", 'GREETING="hello world"', 'TZ=UTC'], r.randint(1, 4))
        if len(pairs) > 2 and r.random() < 0.6:
            self.cont(f"{self.kw('ENV')} {pairs[0]}", pairs[1:])
        elif r.random() < 0.1:
            self.emit(f"{self.kw('ENV')} APP_MODE production")
        else:
            self.emit(f"{self.kw('ENV')} " + " ".join(pairs))

    def label(self):
        r = self.r
        pairs = ['org.opencontainers.image.title="Example Service"',
                 'org.opencontainers.image.version="1.4.2"',
                 'org.opencontainers.image.source="https://example.com/acme/service"',
                 "maintainer='Platform Team <platform@example.com>'",
                 'com.example.tier=backend']
        chosen = r.sample(pairs, r.randint(1, 4))
        if len(chosen) > 1 and r.random() < 0.7:
            self.cont(f"{self.kw('LABEL')} {chosen[0]}", chosen[1:], item_indent="      ")
        else:
            self.emit(f"{self.kw('LABEL')} " + " ".join(chosen))

    def misc(self):
        r = self.r
        self.emit(r.choice([
            f"{self.kw('WORKDIR')} /app", f"{self.kw('WORKDIR')} /srv/www", f"{self.kw('USER')} app",
            f"{self.kw('USER')} 10001:10001", f"{self.kw('EXPOSE')} 8080", f"{self.kw('EXPOSE')} 80 443/tcp 53/udp",
            f"{self.kw('EXPOSE')} 8000/TCP", f"{self.kw('VOLUME')} [\"/data\"]", f"{self.kw('VOLUME')} /var/lib/app /var/log/app",
            f"{self.kw('STOPSIGNAL')} SIGTERM", f"{self.kw('ARG')} BUILD_DATE",
            f"{self.kw('ARG')} APP_VERSION=0.0.0", f"{self.kw('SHELL')} [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]",
            f"{self.kw('ONBUILD')} COPY . /app/src", f"{self.kw('ONBUILD')} RUN [\"make\", \"-C\", \"/app/src\"]",
            f"{self.kw('ONBUILD')} ARG TARGET=release",
        ]))

    def healthcheck(self):
        r = self.r
        kind = r.randint(0, 3)
        if kind == 0:
            self.emit(f"{self.kw('HEALTHCHECK')} NONE")
        elif kind == 1:
            self.emit(f"{self.kw('HEALTHCHECK')} --interval=30s --timeout=3s "
                      "CMD curl -fsS http://localhost:8080/health || exit 1")
        else:
            self.cont(f"{self.kw('HEALTHCHECK')} --interval=1m30s --timeout=10s --start-period=40s "
                      "--start-interval=500ms --retries=3",
                      ['CMD ["wget", "-q", "-O", "/dev/null", "http://localhost:8080/health"]'], item_indent="  ")

    def final_cmd(self):
        r = self.r
        kind = r.randint(0, 6)
        if kind == 0:
            self.emit(f"{self.kw('CMD')} [\"gunicorn\", \"--bind\", \"0.0.0.0:8000\", \"app:create_app()\"]")
        elif kind == 1:
            self.emit(f"{self.kw('CMD')} node server.js --port 3000")
        elif kind == 2:
            self.emit(f"{self.kw('ENTRYPOINT')} [\"/sbin/tini\", \"--\"]")
            self.emit(f"{self.kw('CMD')} [\"/usr/local/bin/app\", \"serve\"]")
        elif kind == 3:
            self.emit(f"{self.kw('CMD')} [\"sh\", \"-c\", \"echo \\\"starting\\\" && exec app\"]")
        elif kind == 4:
            self.emit(f"{self.kw('CMD')} [\"python\", \\", "     \"-m\", \"app\"]")
        elif kind == 5:
            self.emit(f"{self.kw('ENTRYPOINT')} exec /usr/local/bin/run.sh \"$@\"")
        else:
            self.emit(f"{self.kw('CMD')} [\"echo\", 'single quotes make this shell form']")

    # ---- whole file

    def from_line(self, eco, global_args):
        r = self.r
        base = r.choice(self.BASES[eco])
        for name, default in self.GLOBAL_ARGS.items():
            ref = "${" + name + "}"
            if ref not in base:
                continue
            if name not in global_args:
                base = base.replace(ref, default)
            elif not global_args[name]:  # declared without a default: give the reference one
                base = base.replace(ref, "${" + name + ":-" + default + "}")
        if self.stage_count and r.random() < 0.2 and any(self.stage_names):
            # BuildKit finds a FROM stage by its lower-case name only (`FROM BUILDER` is an image reference).
            base = r.choice([n for n in self.stage_names if n])
        platform = r.choice(["", "", "", "--platform=$BUILDPLATFORM ", "--platform=linux/amd64 "])
        name = None
        if r.random() < 0.75:
            candidates = ["builder", "build", "deps", "base", "assets", "test", "runtime", "final", "tools"]
            free = [c for c in candidates if c not in self.stage_names]
            if free:
                name = r.choice(free)
        as_kw = "as" if self.lower else r.choice(["AS", "AS", "AS", "as"])
        line = f"{self.kw('FROM')} {platform}{base}" + (f" {as_kw} {name}" if name else "")
        self.lines.append(line)
        self.stage_names.append(name)
        self.stage_count += 1
        return base

    def build(self):
        r = self.r
        target = r.randint(20, 120)
        if r.random() < 0.5:
            self.lines.append(r.choice(["# syntax=docker/dockerfile:1", "# syntax=docker/dockerfile:1.7",
                                        "#syntax = docker/dockerfile:1"]))
        if r.random() < 0.3:
            self.lines.append("# " + r.choice(["Production image for the API", "Multi-stage build",
                                               "Generated fixture"]))
        global_args = {}  # name -> declared with a default
        for name, default in self.GLOBAL_ARGS.items():
            if r.random() < 0.3:
                global_args[name] = r.random() < 0.85
                self.lines.append(f"{self.kw('ARG')} {name}={default}" if global_args[name]
                                  else f"{self.kw('ARG')} {name}")
        if global_args:
            self.blank()
        ecosystems = list(self.BASES)
        blocks = [self.run_shell, self.run_heredoc, self.copy_heredoc, self.copy_source, self.env, self.label,
                  self.misc, self.misc, self.healthcheck, self.comment]
        language_installers = {"python": [self.run_pip], "node": [self.run_npm]}
        while True:
            eco = r.choice(ecosystems)
            if eco in ("python", "alpine") and self.GLOBAL_ARGS and r.random() < 0.3:
                # `${VAR:-default}` forms that resolve without the ARG having a value
                self.lines.append(f"{self.kw('FROM')} ${{BASE_IMAGE:-alpine:3.20}}" if "ALPINE_VERSION"
                                  not in global_args else f"{self.kw('FROM')} alpine:${{ALPINE_VERSION:-3.20}}")
                self.stage_names.append(None)
                self.stage_count += 1
                base = "alpine"
            else:
                base = self.from_line(eco, global_args)
            system = self.run_apk if ("alpine" in base or eco in ("alpine", "nginx")) else self.run_apt
            installers = [system] + language_installers.get(eco, [])
            full = False
            for _ in range(r.randint(3, 12)):
                if len(self.lines) >= target:
                    break
                before = len(self.lines)
                pick = r.random()
                if pick < 0.25:
                    r.choice(installers)()
                elif pick < 0.35:
                    self.copy_manifest(eco)
                elif pick < 0.45:
                    self.copy_from()
                else:
                    r.choice(blocks)()
                if len(self.lines) > 116:  # keep room for the closing CMD: at most 120 lines
                    del self.lines[before:]
                    full = True
                    break
            if full or len(self.lines) >= target or self.stage_count >= 6:
                break
            self.blank()
        self.final_cmd()
        while len(self.lines) < 20:
            self.comment()
            self.misc()
        assert 20 <= len(self.lines) <= 120, len(self.lines)
        return self.lines


def generate_one(seed, index):
    r = random.Random(f"{seed}-{index}")
    lines = Gen(r).build()
    text = "\n".join(lines) + "\n"
    if r.random() < 0.06:
        text = text.replace("\n", "\r\n")
    if r.random() < 0.03:
        text = "\ufeff" + text
    if r.random() < 0.04:
        text = text.rstrip("\r\n")  # no newline at the end of the file
    return text


def generate_windows(seed, index):
    r = random.Random(f"{seed}-win-{index}")
    lines = ["# escape=`", "FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS build",
             "SHELL [\"powershell\", \"-Command\", \"$ErrorActionPreference = 'Stop';\"]", "WORKDIR C:\\src"]
    target = r.randint(14, 50)
    while len(lines) < target:
        lines += r.choice([
            ["RUN Invoke-WebRequest -Uri https://example.com/tool.zip -OutFile tool.zip; `",
             "    Expand-Archive tool.zip -DestinationPath C:\\tools; `", "    Remove-Item tool.zip"],
            ["COPY app\\ C:\\src\\app\\"],
            ["# build step"],
            ["RUN dotnet publish -c Release -o C:\\out `", "    --no-restore"],
            ["ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 `", "    NUGET_XMLDOC_MODE=skip"],
            [""],
        ])
    lines += ["", "FROM mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022",
              "COPY --from=build C:\\out C:\\app", "WORKDIR C:\\app", "USER ContainerUser",
              "EXPOSE 8080", "ENTRYPOINT [\"dotnet\", \"C:\\\\app\\\\Api.dll\"]"]
    return "\r\n".join(lines) + "\r\n"


def run_generate(args):
    n, outdir = args.generate
    try:
        n = int(n)
    except ValueError:
        sys.stderr.write("error: --generate N DIR needs a number N\n")
        return 3
    os.makedirs(outdir, exist_ok=True)
    width = max(4, len(str(n)))
    paths = []
    for i in range(1, n + 1):
        text = generate_windows(args.seed, i) if i % 25 == 0 else generate_one(args.seed, i)
        path = os.path.join(outdir, f"gen-{i:0{width}d}.Dockerfile")
        with open(path, "wb") as fh:
            fh.write(text.encode("utf-8"))
        paths.append(path)
    total = sum(os.path.getsize(p) for p in paths)
    print(f"generated {n} Dockerfiles ({total / 1e6:.3f} MB) in {outdir} (seed {args.seed})")
    try:
        import dockerfile
    except ImportError:
        return 0
    rejected = [p for p in paths if buildkit_parse(dockerfile, p)[1] is not None]
    if rejected:
        sys.stderr.write(f"warning: BuildKit rejects {len(rejected)} generated files, e.g. {rejected[0]}\n")
        return 1
    print("BuildKit accepts all of them")
    return 0


# --------------------------------------------------------------------------- main

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog=__doc__.split("\n\n", 1)[1])
    p.add_argument("paths", nargs="*", help=f"folders or Dockerfiles to compare (default {DEFAULT_FIXTURES})")
    p.add_argument("--docsgen", help=f"docsgen executable (default $DOCSGEN or {DEFAULT_DOCSGEN})")
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 4, help="parallel docsgen processes")
    p.add_argument("--timeout", type=float, default=60, help="seconds allowed for one docsgen run")
    p.add_argument("--generate", nargs=2, metavar=("N", "DIR"), help="write N generated Dockerfiles into DIR")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed for --generate")
    p.add_argument("--bench", metavar="DIR", help="time BuildKit's parser over the Dockerfiles in DIR")
    p.add_argument("--repeat", type=int, default=1, help="passes over the files for --bench")
    p.add_argument("--dump", nargs="+", metavar="FILE", help="print BuildKit's parse in docsgen's JSON shape")
    args = p.parse_args(argv)
    if args.generate:
        return run_generate(args)
    if args.bench:
        return run_bench(args)
    if args.dump:
        return run_dump(args)
    return run_compare(args)


if __name__ == "__main__":
    sys.exit(main())
