// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "docsgen",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "docsgen", targets: ["docsgen"]),
        .library(name: "DocsgenCore", targets: ["DocsgenCore"]),
        .library(name: "DocsgenEngine", targets: ["DocsgenEngine"]),
        .plugin(name: "DocsgenCommand", targets: ["DocsgenCommand"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // System library: GitHub's cmark-gfm and its extensions (Debian: libcmark-gfm-dev, libcmark-gfm-extensions-dev).
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // System library: libarchive (tar, zstd and the other filters) for image layers, Intel ISA-L for gzip
        // (twice zlib's speed: `make bench-gzip`), and OpenSSL's libcrypto for SHA-256
        // (Debian: libarchive-dev, libisal-dev, libssl-dev).
        .systemLibrary(
            name: "CArchive",
            pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev", "libisal-dev", "libssl-dev"])]
        ),
        .target(
            name: "DocsgenCore",
            dependencies: [.product(name: "Yams", package: "Yams")],
            exclude: ["Facts/facts.schema.json"]
        ),
        .target(name: "DocsgenDockerfile", dependencies: ["DocsgenCore"]),
        .target(
            name: "DocsgenCompose",
            dependencies: ["DocsgenCore", .product(name: "Yams", package: "Yams")]
        ),
        .target(name: "DocsgenImage", dependencies: ["DocsgenCore", "CArchive"]),
        .target(name: "DocsgenRender", dependencies: ["DocsgenCore", "CCmarkGFM"]),
        // Prose pages: front matter and Mustache placeholders over the facts, checked before rendering.
        .target(
            name: "DocsgenPages",
            dependencies: [
                "DocsgenCore", "DocsgenRender", .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // The checks and reviews the report plugins share: one implementation of every claim.
        .target(
            name: "DocsgenReviews",
            dependencies: ["DocsgenCore", "DocsgenRender"],
            path: "Plugins/Reviews"
        ),
        .target(
            name: "OptimizationGuide",
            dependencies: ["DocsgenCore", "DocsgenRender", "DocsgenReviews"],
            path: "Plugins/OptimizationGuide"
        ),
        .target(
            name: "BuildReport",
            dependencies: ["DocsgenCore", "DocsgenRender", "DocsgenReviews"],
            path: "Plugins/BuildReport"
        ),
        .target(
            name: "CompletionReport",
            dependencies: ["DocsgenCore", "DocsgenRender", "DocsgenReviews"],
            path: "Plugins/CompletionReport"
        ),
        // The pipeline (gather → pages → plugins → render → write or check) as a library: no ArgumentParser,
        // never prints. The CLI is a thin layer over it.
        .target(
            name: "DocsgenEngine",
            dependencies: [
                "DocsgenCore", "DocsgenDockerfile", "DocsgenCompose", "DocsgenImage", "DocsgenRender", "DocsgenPages",
                "DocsgenReviews", "OptimizationGuide", "BuildReport", "CompletionReport",
            ]
        ),
        .target(
            name: "DocsgenCLI",
            dependencies: [
                "DocsgenCore", "DocsgenEngine", "DocsgenImage", "DocsgenPages", "DocsgenDockerfile", "DocsgenCompose",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "docsgen", dependencies: ["DocsgenCLI"]),
        // `swift package docsgen build|check`: runs the executable above in the package that uses the plugin.
        .plugin(
            name: "DocsgenCommand",
            capability: .command(
                intent: .custom(verb: "docsgen", description: "Generate (build) or verify (check) the documents with docsgen"),
                permissions: [.writeToPackageDirectory(reason: "docsgen build writes the documents to the output folder")]
            ),
            dependencies: ["docsgen"],
            path: "Plugins/DocsgenCommand"
        ),
        .target(name: "DocsgenTestSupport", path: "Tests/DocsgenTestSupport"),
        .testTarget(
            name: "DocsgenDockerfileTests",
            dependencies: ["DocsgenDockerfile", "DocsgenCore", "DocsgenTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "DocsgenComposeTests",
            dependencies: ["DocsgenCompose", "DocsgenCore", "DocsgenTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "DocsgenImageTests",
            dependencies: ["DocsgenImage", "DocsgenCore", "CArchive"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "DocsgenRenderTests", dependencies: ["DocsgenRender", "DocsgenCore"]),
        .testTarget(
            name: "DocsgenCLITests",
            dependencies: ["DocsgenCLI", "DocsgenEngine", "DocsgenCore", "DocsgenRender"],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// libFuzzer harnesses (Tests/Fuzz, `make fuzz`): declared only when DOCSGEN_FUZZ=1, so ordinary builds, tests and
// CI never resolve or build them. Each is built with `-sanitize=fuzzer,address` (scripts/fuzz.sh).
if Context.environment["DOCSGEN_FUZZ"] == "1" {
    let harnesses: [(product: String, target: String, dependencies: [Target.Dependency])] = [
        ("fuzz-dockerfile", "FuzzDockerfile", ["DocsgenDockerfile"]),
        ("fuzz-compose", "FuzzCompose", ["DocsgenCompose"]),
        ("fuzz-nginx", "FuzzNginx", ["DocsgenCompose"]),
        ("fuzz-envfile", "FuzzEnvFile", ["DocsgenCompose"]),
        ("fuzz-layer", "FuzzLayer", ["DocsgenImage"]),
        ("fuzz-markdown", "FuzzMarkdown", ["DocsgenRender"]),
    ]
    for harness in harnesses {
        package.products.append(.executable(name: harness.product, targets: [harness.target]))
        package.targets.append(
            .executableTarget(name: harness.target, dependencies: harness.dependencies, path: "Tests/Fuzz/\(harness.target)"))
    }
}
