import DocsgenCore
import DocsgenRender

/// The computed claims of the guide: each passes or fails from facts, and a failure names the line to change.
extension ImageReview {
    package func multiStageCheck(_ doc: inout DocumentBuilder) -> Check {
        guard let runtime else { return Check("multi-stage", passed: false, markdown: "no stages") }
        let stages = citeStageCount(&doc)
        if dockerfile.stages.count < 2 {
            return Check(
                "multi-stage", passed: false,
                markdown: "**Multi-stage build**: only \(stages) stage, so build tools and caches ship in the image. "
                    + "Add a builder stage before \(lineText(runtime.line)) and copy only the results with `COPY --from`.")
        }
        if dockerfile.target != nil, dockerfile.neededStages.count < 2 {
            return Check(
                "multi-stage", passed: false,
                markdown: "**Multi-stage build**: the target \(MarkdownText.code(runtime.displayName)) needs no other stage, so the image is built "
                    + "in one stage and build tools and caches ship in it. Build a later stage that copies only the results, or move the target.")
        }
        if let parent = runtime.from.stage {
            return Check(
                "multi-stage", passed: false,
                markdown: "**Multi-stage build**: the runtime stage builds on stage \(MarkdownText.code(dockerfile.stages[parent].displayName)) "
                    + "(\(lineText(runtime.line))), so it keeps everything that stage installed. Start it from a base image and copy what it needs.")
        }
        let sources = Set(runtime.copiesFrom.compactMap(\.stage)).sorted().map { MarkdownText.code(dockerfile.stages[$0].displayName) }
        if sources.isEmpty {
            return Check(
                "multi-stage", passed: false,
                markdown: "**Multi-stage build**: \(stages) stages, but the runtime stage copies nothing from the others (\(lineText(runtime.line))).")
        }
        return Check(
            "multi-stage", passed: true,
            markdown: "**Multi-stage build**: \(stages) stages; the runtime stage starts from \(citeBase(runtime, &doc)) and copies only results from \(sources.joined(separator: ", ")).")
    }

    /// The effective user and whether it is root.
    package func userCheck(_ doc: inout DocumentBuilder) -> Check {
        guard let runtime else { return Check("non-root-user", passed: false, markdown: "no stages") }
        let userKey = key("runtime", "user")
        guard let user = runtime.user else {
            _ = doc.cite(
                key: userKey, label: "\(name): user of the runtime stage", value: "root (no USER instruction)",
                source: dockerfile.source(line: runtime.line, column: runtime.column))
            return Check(
                "non-root-user", passed: false,
                markdown: "**Non-root user**: the runtime stage \(MarkdownText.code(runtime.displayName)) runs as root: it has no `USER` instruction. "
                    + "Create an unprivileged user and add `USER <name>` to the stage, after \(lineText(lastPrivilegedLine(runtime))).")
        }
        if !user.isResolved { return unresolvedUserCheck(user, &doc) }
        var cited = doc.cite(
            key: userKey, label: "\(name): user of the runtime stage", value: user.value,
            source: dockerfile.source(line: user.line, column: user.column), code: true)
        for variable in user.configured {
            guard let given = dockerfile.baseEnvironment.first(where: { $0.name == variable }) else { continue }
            let source = given.location.map { FactSource($0, reader: "docsgen.yml") }
                ?? dockerfile.source(line: user.line, column: user.column)
            cited += " (" + MarkdownText.code("$" + variable) + " = " + doc.cite(
                key: key("base-env", variable), label: "\(name): \(variable) of the base image (given in docsgen.yml)",
                value: given.value, source: source, code: true) + ", given in `docsgen.yml` for the base image)"
        }
        let account = user.value.split(separator: ":", maxSplits: 1).first.map(String.init) ?? user.value
        if account == "root" || account == "0" || account.isEmpty {
            return Check(
                "non-root-user", passed: false,
                markdown: "**Non-root user**: the runtime stage runs as \(cited), which is root. Change `USER` at \(lineText(user.line)) to an unprivileged user.")
        }
        var uidText = ""
        if let uid = Int(account) {
            uidText = " (uid \(doc.cite(key: key("runtime", "uid"), label: "\(name): uid of the runtime user", value: "\(uid)", source: dockerfile.source(line: user.line, column: user.column))))"
        } else if let created = runtime.users.last(where: { $0.name == account }), let uid = created.uid {
            uidText = " (uid \(doc.cite(key: key("runtime", "uid"), label: "\(name): uid of the runtime user", value: "\(uid)", source: dockerfile.source(line: created.line, column: created.column))))"
        }
        return Check("non-root-user", passed: true, markdown: "**Non-root user**: the runtime stage runs as \(cited)\(uidText), set at \(lineText(user.line)).")
    }

    /// `USER $APP_UID` where only the base image defines the variable: the recorded image's configuration
    /// says who it runs as; without one the check is not verified.
    private func unresolvedUserCheck(_ user: StageValue<String>, _ doc: inout DocumentBuilder) -> Check {
        let variables = user.unresolved.map { MarkdownText.code("$" + $0) }.joined(separator: ", ")
        let written = doc.cite(
            key: key("runtime", "user"), label: "\(name): user of the runtime stage (as written; set by the base image)",
            value: user.value, source: dockerfile.source(line: user.line, column: user.column), code: true)
        let base = runtimeChain.last.map { baseText($0) } ?? "the base image"
        let setBy = "`USER` at \(lineText(user.line)) is \(written), set by the base image's \(variables) "
            + "(the Dockerfile does not define it; \(MarkdownText.code(base)) may)"
        if let measured, let config = measured.current.config {
            let actual = config.user.flatMap { $0.isEmpty ? nil : $0 } ?? "root"
            let recorded = doc.cite(
                key: key("image", "user"), label: "\(name): user of the recorded image (docker image inspect)", value: actual,
                source: FactSource(file: measured.current.recordedIn ?? "measurements", pointer: "/config/user", reader: "docsgen measure"),
                code: true)
            let root = StackReview.isRoot(actual)
            return Check(
                "non-root-user", passed: !root,
                markdown: "**Non-root user**: \(setBy); the recorded image runs as \(recorded)"
                    + (root ? ", which is root. Set `USER` to an unprivileged user." : "."))
        }
        let names = user.unresolved.map { "\($0): …" }.joined(separator: ", ")
        return Check(
            "non-root-user", verdict: .notVerified,
            markdown: "**Non-root user**: not verified: \(setBy). Record the image with `docsgen measure` (its `docker image inspect` "
                + "shows the user) or give the value in `docsgen.yml` (`args: {\(names)}`).")
    }

    /// The line after which `USER` can go: the last RUN/COPY/ADD-like line of the stage before CMD.
    package func lastPrivilegedLine(_ stage: Stage) -> Int {
        let candidates = stage.installs.map(\.line) + stage.contextCopies.map(\.line) + stage.copiesFrom.map(\.line)
            + stage.users.filter { $0.stage == stage.index }.map(\.line)
        return candidates.max() ?? stage.line
    }

    package func pinningCheck(_ doc: inout DocumentBuilder) -> Check {
        let external = dockerfile.neededStages.filter { $0.from.image != nil }
        let loose = external.filter { $0.from.unresolved.isEmpty && !($0.from.pinning?.isPinned ?? true) }
        let unknown = external.filter { !$0.from.unresolved.isEmpty }
        for stage in external { _ = citePinning(stage, &doc) }
        if external.isEmpty {
            return Check("pinned-bases", passed: true, markdown: "**Pinned base images**: no stage pulls an external image.")
        }
        if loose.isEmpty, !unknown.isEmpty {
            let list = unknown.map { stage in
                "\(citeBase(stage, &doc)) (\(lineText(stage.line)): " + stage.from.unresolved.map { MarkdownText.code("$" + $0) }.joined(separator: ", ")
                    + " is defined by no `ARG` before the first `FROM`)"
            }
            return Check(
                "pinned-bases", verdict: .notVerified,
                markdown: "**Pinned base images**: not verified: the reference of \(list.joined(separator: "; ")) is not known from the Dockerfile. "
                    + "Declare the variable with `ARG` before the first `FROM` or give it in `docsgen.yml` `args`.")
        }
        if loose.isEmpty {
            let list = external.map { citeBase($0, &doc) }
            return Check("pinned-bases", passed: true, markdown: "**Pinned base images**: every external base is pinned: \(list.joined(separator: ", ")).")
        }
        let list = loose.map { "\(citeBase($0, &doc)) (\(citePinning($0, &doc)), \(lineText($0.line)))" }
        return Check(
            "pinned-bases", passed: false,
            markdown: "**Pinned base images**: not pinned: \(list.joined(separator: "; ")). Use a version tag or a digest.")
    }

    package func buildToolsCheck(_ doc: inout DocumentBuilder) -> Check {
        let chain = runtimeChain
        let inRuntime = chain.flatMap(\.packages).filter { BuildTools.isBuildTool($0.name) }
        let elsewhere = dockerfile.neededStages.filter { stage in !chain.contains { $0.index == stage.index } }
            .flatMap(\.packages).filter { BuildTools.isBuildTool($0.name) }
        let toolKey = key("runtime", "build-tools")
        guard let runtime else { return Check("build-tools-excluded", passed: false, markdown: "no stages") }
        if inRuntime.isEmpty {
            let cited = doc.cite(
                key: toolKey, label: "\(name): build tools installed in the runtime stage", value: "none",
                source: dockerfile.source(line: runtime.line, column: runtime.column))
            var text = "**Build tools excluded**: \(cited) in the runtime stage"
            if !elsewhere.isEmpty {
                let names = uniqueNames(elsewhere)
                let builder = doc.cite(
                    key: key("builder", "build-tools"), label: "\(name): build tools installed only in builder stages",
                    value: names.joined(separator: ", "), source: dockerfile.source(line: elsewhere[0].line, column: elsewhere[0].column))
                text += "; they stay in the builder: \(builder)"
            }
            return Check("build-tools-excluded", passed: true, markdown: text + ".")
        }
        let names = uniqueNames(inRuntime)
        let cited = doc.cite(
            key: toolKey, label: "\(name): build tools installed in the runtime stage", value: names.joined(separator: ", "),
            source: dockerfile.source(line: inRuntime[0].line, column: inRuntime[0].column))
        let lines = Set(inRuntime.map(\.line)).sorted().map { lineText($0) }.joined(separator: ", ")
        return Check(
            "build-tools-excluded", passed: false,
            markdown: "**Build tools excluded**: the runtime image installs \(cited) (\(lines)). Install them in a builder stage and copy only the results.")
    }

    package func uniqueNames(_ packages: [Package]) -> [String] {
        var seen: [String] = []
        for package in packages where !seen.contains(package.name) { seen.append(package.name) }
        return seen
    }

    package func healthcheckCheck(_ doc: inout DocumentBuilder) -> Check {
        guard let runtime else { return Check("healthcheck", passed: false, markdown: "no stages") }
        let checkKey = key("runtime", "healthcheck")
        guard let check = runtime.healthcheck, check.kind != .none else {
            let line = runtime.healthcheck?.line ?? runtime.line
            _ = doc.cite(
                key: checkKey, label: "\(name): health check of the runtime stage",
                value: runtime.healthcheck == nil ? "none" : "disabled (HEALTHCHECK NONE)",
                source: dockerfile.source(line: line, column: runtime.healthcheck?.column ?? runtime.column))
            return Check(
                "healthcheck", passed: false,
                markdown: "**Health check**: the runtime stage has none. Add `HEALTHCHECK --interval=30s --timeout=10s CMD …` to the stage "
                    + "(\(lineText(runtime.healthcheck?.line ?? runtime.endLine))).")
        }
        let command = doc.cite(
            key: checkKey, label: "\(name): health check of the runtime stage", value: check.commandText,
            source: dockerfile.source(line: check.line, column: check.column), code: true)
        var options: [String] = []
        let timing: [(String, String, Double?)] = [
            ("interval", "interval", check.interval), ("timeout", "timeout", check.timeout),
            ("start-period", "start period", check.startPeriod), ("start-interval", "start interval", check.startInterval),
        ]
        for (slug, label, value) in timing {
            guard let value else { continue }
            options.append("\(label) " + doc.cite(
                key: key("runtime", "healthcheck", slug), label: "\(name): health check \(label)",
                value: Format.duration(value), source: dockerfile.source(line: check.line, column: check.column)))
        }
        if let retries = check.retries {
            options.append("retries " + doc.cite(
                key: key("runtime", "healthcheck", "retries"), label: "\(name): health check retries", value: "\(retries)",
                source: dockerfile.source(line: check.line, column: check.column)))
        }
        let detail = options.isEmpty ? " (Docker's defaults: interval 30s, timeout 30s, retries 3)" : " (\(options.joined(separator: ", ")))"
        return Check("healthcheck", passed: true, markdown: "**Health check**: \(command)\(detail), \(lineText(check.line)).")
    }

    package func layerOrderChecks(_ doc: inout DocumentBuilder) -> [Check] {
        dockerfile.stages.compactMap { stage -> Check? in
            guard let ordered = stage.manifestsBeforeSource else { return nil }
            let manifests = stage.contextCopies.filter(\.isManifest)
            let firstSource = stage.contextCopies.first { !$0.isManifest }
            let names = manifests.flatMap(\.sources).joined(separator: " ")
            let lastManifest = manifests[manifests.count - 1]
            let value = ordered
                ? "\(names) (line \(lastManifest.line)) before the source" + (firstSource.map { " (line \($0.line))" } ?? "")
                : "source (line \(firstSource?.line ?? 0)) before \(names) (line \(lastManifest.line))"
            let cited = doc.cite(
                key: key("stage", stageKey(stage), "layer-order"), label: "\(name): layer order of stage \(stage.displayName)",
                value: value, source: dockerfile.source(line: lastManifest.line, column: lastManifest.column))
            if ordered {
                return Check("layer-order", passed: true, markdown: "**Layer cache order** (stage \(MarkdownText.code(stage.displayName))): dependency manifests are copied first: \(cited), so code changes do not reinstall dependencies.")
            }
            return Check(
                "layer-order", passed: false,
                markdown: "**Layer cache order** (stage \(MarkdownText.code(stage.displayName))): \(cited): every code change reinstalls the dependencies. "
                    + "Move the manifest `COPY` at \(lineText(lastManifest.line)) and the install above \(lineText(firstSource?.line ?? stage.line)).")
        }
    }

    package func cacheChecks(_ doc: inout DocumentBuilder) -> [Check] {
        dockerfile.stages.flatMap { stage in
            stage.installs.enumerated().map { position, install -> Check in
                let sameLine = stage.installs[..<position].filter { $0.line == install.line && $0.manager == install.manager }.count
                let suffix = sameLine == 0 ? install.manager.rawValue : "\(install.manager.rawValue)-\(sameLine + 1)"
                let what = install.packages.isEmpty
                    ? (install.requirementFiles.isEmpty ? "dependencies" : install.requirementFiles.joined(separator: ", "))
                    : "\(install.packages.count) package\(install.packages.count == 1 ? "" : "s")"
                let cited = doc.cite(
                    key: key("stage", stageKey(stage), "install", "line-\(install.line)", suffix),
                    label: "\(name): \(install.manager.rawValue) cache left in the layer (line \(install.line))",
                    value: install.cacheCleaned ? "no" : "yes",
                    source: dockerfile.source(line: install.line, column: install.column))
                let stageText = "stage \(MarkdownText.code(stage.displayName))"
                if install.cacheCleaned {
                    return Check(
                        "package-cache", passed: true,
                        markdown: "**No package cache** (\(stageText), \(install.manager.rawValue), \(MarkdownText.escape(what))): cache left in the layer: \(cited), \(lineText(install.line)).")
                }
                return Check(
                    "package-cache", passed: false,
                    markdown: "**No package cache** (\(stageText), \(install.manager.rawValue), \(MarkdownText.escape(what))): cache left in the layer: \(cited). "
                        + "\(fix(for: install.manager)) at \(lineText(install.line)).")
            }
        }
    }

    package func fix(for manager: PackageManager) -> String {
        switch manager {
        case .apk: "Use `apk add --no-cache`"
        case .apt: "End the `RUN` with `&& rm -rf /var/lib/apt/lists/*`"
        case .pip: "Use `pip install --no-cache-dir`"
        case .npm: "End the `RUN` with `&& npm cache clean --force`"
        }
    }

    /// Whether the build context has a `.dockerignore`, so the context sent to the builder leaves out VCS data,
    /// dependencies and secrets.
    package func contextChecks(_ doc: inout DocumentBuilder) -> [Check] {
        let folder = ProjectPath.folder(of: dockerfile.path)
        guard let ignore = dockerignore else {
            return [Check(
                "build-context", passed: false,
                markdown: "**Build context filtered**: no `.dockerignore` in \(MarkdownText.code(folder.isEmpty ? "." : folder)); "
                    + "the whole folder (VCS data, local dependencies, `.env` files) is sent to the builder. Add one.")]
        }
        let count = doc.cite(
            key: key("dockerignore", "patterns"), label: "\(name): patterns in .dockerignore", value: "\(ignore.patterns.count)",
            source: FactSource(SourceLocation(file: ignore.path, line: 1, column: 1), reader: ".dockerignore"))
        let important = [".git", ".env", "node_modules", "__pycache__", "*.pyc", ".venv", "venv"]
        let covered = important.filter { wanted in ignore.patterns.contains { !$0.isException && ($0.pattern == wanted || $0.pattern == "**/\(wanted)" || $0.pattern.hasPrefix(wanted + "*") || $0.pattern.hasPrefix(wanted + "/")) } }
        let list = covered.isEmpty ? "" : "; it excludes " + covered.map(MarkdownText.code).joined(separator: ", ")
        return [Check("build-context", passed: true, markdown: "**Build context filtered**: \(MarkdownText.code(ignore.path)) has \(count) patterns\(list).")]
    }
}
