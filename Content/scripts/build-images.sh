#!/usr/bin/env bash
# Build, measure and scan the THE_BOT images for one release, then regenerate the documents.
#
#   Content/scripts/build-images.sh 1.1.0
#
# Needs a Docker engine and docsgen on PATH; trivy is used when installed. Every figure the reports show
# comes from the files this script records under Content/measurements/<image>/<release>/.
set -euo pipefail

release="${1:?usage: build-images.sh RELEASE}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

for image in backend frontend; do
    tag="thebot-${image}:${release}"
    out="Content/measurements/${image}/${release}"
    mkdir -p "$out"

    # A cold build and a cached rebuild, each with BuildKit's plain progress (step times, CACHED steps).
    docker build --progress=plain --no-cache -t "$tag" "Content/${image}" 2> "${out}/build.log"
    docker build --progress=plain -t "$tag" "Content/${image}" 2> "${out}/build-cached.log"

    docker image inspect "$tag" > "${out}/inspect.json"
    docker history --no-trunc --format '{{json .}}' "$tag" > "${out}/history.jsonl"
    docker save "$tag" -o "${out}/image.tar"

    sources=("${out}/image.tar" "${out}/inspect.json" "${out}/history.jsonl" "${out}/build.log" "${out}/build-cached.log")
    if command -v trivy > /dev/null; then
        trivy image --quiet --format json --output "${out}/trivy.json" "$tag"
        sources+=("${out}/trivy.json")
    else
        echo "build-images.sh: trivy not installed; the completion report will show scanning as not verified" >&2
    fi

    docsgen measure "${sources[@]}" --image "$image" --release "$release"
    rm -f "${out}/image.tar"    # the measurement keeps every figure; the archive is large
done

docsgen build --release "$release"
