#!/usr/bin/env bash
# `make fuzz-build` and `make fuzz`: the libFuzzer harnesses of Tests/Fuzz, built with AddressSanitizer into
# .build-fuzz, each run for FUZZ_SECONDS on a working corpus seeded from the test fixtures and Content/.
#
#   scripts/fuzz.sh build [HARNESS…]   build the harnesses (all when none is named)
#   scripts/fuzz.sh run [HARNESS…]     build, then fuzz each in turn and print a summary
#
# Environment: FUZZ_SECONDS (default 60) per harness; FUZZ_LOCK, a file to `flock` around every build and every
# run on a shared machine (e.g. /tmp/docsgen-build.lock). A harness stops at its first finding (crash, sanitizer
# report, time-out over 10 s, more than 2 GB of memory, leak); the input is saved in Tests/Fuzz/crashes/HARNESS/
# and the script exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOCSGEN_FUZZ=1

scratch=.build-fuzz
seconds="${FUZZ_SECONDS:-60}"
# FUZZ_CONFIG=release optimises the harnesses (about twice the executions per second; -enable-testing keeps the
# @testable imports working); debug is the default, with the best stack traces.
config="${FUZZ_CONFIG:-debug}"
case "$config" in
    debug) config_flags=() ;;
    release) config_flags=(-c release -Xswiftc -enable-testing) ;;
    *) echo "fuzz.sh: FUZZ_CONFIG must be debug or release" >&2; exit 2 ;;
esac
lock="${FUZZ_LOCK:-}"
harnesses=(dockerfile compose nginx envfile layer markdown)

locked() {
    if [ -n "$lock" ]; then flock "$lock" "$@"; else "$@"; fi
}

# Longest input libFuzzer makes for a harness: a little above the largest real file of its kind.
max_len() {
    case "$1" in
        envfile) echo 4096 ;;
        layer) echo 65536 ;;
        markdown) echo 32768 ;;
        *) echo 8192 ;;
    esac
}

# The seed files of a harness, one path a line: fixtures of its kind, the bundled example, Tests/Fuzz/Seeds.
seeds() {
    case "$1" in
        dockerfile) find Tests/DocsgenDockerfileTests/Fixtures Tests/DocsgenCLITests/Fixtures Content -type f -name 'Dockerfile*' ;;
        compose) find Tests/DocsgenComposeTests/Fixtures Content -type f \( -name '*.yml' -o -name '*.yaml' \) ;;
        nginx) find Tests/DocsgenComposeTests/Fixtures/nginx Content -type f -name '*.conf' ;;
        envfile) find Tests/DocsgenComposeTests/Fixtures Content -type f \( -name '.env*' -o -name '*.env' \) ;;
        layer) ;;
        markdown) find Content Output Tests/DocsgenCLITests/Fixtures Plugins README.md -type f -name '*.md' ;;
    esac
    if [ -d "Tests/Fuzz/Seeds/$1" ]; then find "Tests/Fuzz/Seeds/$1" -type f; fi
}

check_names() {
    for name in "$@"; do
        case " ${harnesses[*]} " in
            *" $name "*) ;;
            *) echo "fuzz.sh: unknown harness '$name'; the harnesses are: ${harnesses[*]}" >&2; exit 2 ;;
        esac
    done
}

# `--sanitize fuzzer` makes SwiftPM build each harness as a library whose `main` is libFuzzer's. The sanitizers
# themselves go in one `-sanitize=` list, last on the line: swiftc keeps only the last of several `-sanitize=` flags,
# and `--sanitize fuzzer --sanitize address` passes two in no fixed order, silently losing one of them. C targets
# (Yams's libyaml) get coverage and ASan without a second libFuzzer main.
sanitizers=(--sanitize fuzzer -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address)

build() {
    mkdir -p "$scratch/logs"
    for name in "$@"; do
        local log="$scratch/logs/build-$name.log"
        echo "building fuzz-$name ($config, -sanitize=fuzzer,address)…"
        if ! locked swift build --scratch-path "$scratch" ${config_flags[@]+"${config_flags[@]}"} --product "fuzz-$name" "${sanitizers[@]}" >"$log" 2>&1; then
            # The gold linker warns once per ASan helper symbol; only the rest is worth reading.
            grep -v "Cannot export local symbol" "$log" >&2 || true
            echo "fuzz.sh: building fuzz-$name failed (full log: $log)" >&2
            exit 2
        fi
    done
}

# One libFuzzer final-stats figure from a log (0 when it is missing).
stat() {
    { grep -m1 "^stat::$1:" "$2" || echo ": 0"; } | awk '{print $2}'
}

run() {
    local failed=0 rows=()
    for name in "$@"; do
        local corpus="$scratch/corpus/$name" artifacts="Tests/Fuzz/crashes/$name" log="$scratch/logs/$name.log"
        mkdir -p "$corpus" "$artifacts" "$scratch/logs"
        while IFS= read -r seed; do
            cp "$seed" "$corpus/seed-$(sha1sum <"$seed" | cut -c1-40)"
        done < <(seeds "$name")
        local before status=0
        before="$(ls -A "$artifacts")"
        echo "fuzzing $name for ${seconds}s ($(ls -A "$corpus" | wc -l) corpus inputs, -max_len=$(max_len "$name"))…"
        # The outer timeout only guards against a harness libFuzzer itself cannot stop.
        locked timeout --kill-after=10 "$((seconds + 300))" "$scratch/$config/fuzz-$name" "$corpus" \
            -max_total_time="$seconds" -max_len="$(max_len "$name")" -timeout=10 -rss_limit_mb=2048 \
            -malloc_limit_mb=2048 -print_final_stats=1 -dict="Tests/Fuzz/Dictionaries/$name.dict" \
            -artifact_prefix="$artifacts/" >"$log" 2>&1 || status=$?
        local found
        found="$(comm -13 <(echo "$before" | sort) <(ls -A "$artifacts" | sort) | sed '/^$/d')"
        local count
        count="$(echo -n "$found" | grep -c . || true)"
        local result="ok"
        if [ "$status" -ne 0 ] || [ "$count" -gt 0 ]; then
            failed=1
            result="$(grep -m1 -oE "ERROR: (libFuzzer: [a-z-]+|AddressSanitizer: [A-Za-z-]+|LeakSanitizer: [a-z ]+)|deadly signal" "$log" || true)"
            if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then result="stuck past the outer timeout"; fi
            result="${result:-exit status $status}"
            [ "$count" -gt 0 ] || count=1
            echo "  finding: $result; log: $log"
            while IFS= read -r file; do
                [ -n "$file" ] && echo "  input: $artifacts/$file (reproduce: $scratch/$config/fuzz-$name $artifacts/$file)"
            done <<<"$found"
        fi
        rows+=("$(printf '%-11s %12s %8s %9s %9s  %s' "$name" "$(stat number_of_executed_units "$log")" \
            "$(stat average_exec_per_sec "$log")" "$(stat new_units_added "$log")" "$count" "$result")")
    done
    echo
    printf '%-11s %12s %8s %9s %9s  %s\n' harness executions exec/s "new units" findings result
    printf '%s\n' "${rows[@]}"
    return "$failed"
}

command="${1:-}"
shift || true
selected=("$@")
[ "${#selected[@]}" -gt 0 ] || selected=("${harnesses[@]}")
check_names "${selected[@]}"
case "$command" in
    build) build "${selected[@]}" ;;
    run) build "${selected[@]}" && run "${selected[@]}" ;;
    *) echo "usage: scripts/fuzz.sh build|run [${harnesses[*]}]" >&2; exit 2 ;;
esac
