import DocsgenCore
import DocsgenRender

/// Evaluates one Dockerfile for the guide and writes its section.
///
/// Every value shown is cited, so the Sources table lists it and `docsgen check` can name it when it
/// changes.
struct ImageReview {
    let dockerfile: DockerfileFacts

    init(_ dockerfile: DockerfileFacts) {
        self.dockerfile = dockerfile
    }

    private var name: String { dockerfile.name }
    private var runtime: Stage? { dockerfile.runtimeStage }

    private func key(_ parts: String...) -> String {
        ([FactKey.sanitize(name)] + parts.map(FactKey.sanitize)).joined(separator: ".")
    }

    private func stageKey(_ stage: Stage) -> String {
        stage.name.map(FactKey.sanitize) ?? "stage-\(stage.index)"
    }

    /// The stages the runtime stage is built on (itself first), through `FROM <stage>`.
    private var runtimeChain: [Stage] {
        var chain: [Stage] = []
        var current = runtime
        while let stage = current {
            chain.append(stage)
            current = stage.from.stage.map { dockerfile.stages[$0] }
        }
        return chain
    }

    private func lineText(_ line: Int) -> String {
        "\(MarkdownText.code(dockerfile.path)) line \(line)"
    }

    // MARK: - Summary

    func summaryRow(_ doc: inout DocumentBuilder) -> [String] {
        guard let runtime else { return [MarkdownText.escape(name), "0", "—", "—", "—", "—", "—"] }
        let stages = citeStageCount(&doc)
        let base = citeBase(runtime, &doc)
        let user = userCheck(&doc)
        let pinned = pinningCheck(&doc)
        let health = healthcheckCheck(&doc)
        let all = allChecks(&doc)
        let passed = all.filter(\.passed).count
        return [
            MarkdownText.escape(name), stages, base, user.mark, pinned.mark, health.mark,
            "\(passed) of \(all.count)",
        ]
    }

    private func allChecks(_ doc: inout DocumentBuilder) -> [Check] {
        [multiStageCheck(&doc), userCheck(&doc), pinningCheck(&doc), buildToolsCheck(&doc), healthcheckCheck(&doc)]
            + layerOrderChecks(&doc) + cacheChecks(&doc)
    }

    // MARK: - Section

    func section(_ doc: inout DocumentBuilder) {
        doc.heading(2, "Image: \(name)")
        guard let runtime else {
            doc.paragraph("\(MarkdownText.code(dockerfile.path)) has no build stage.")
            return
        }
        let count = citeStageCount(&doc)
        doc.paragraph(
            "Built from \(MarkdownText.code(dockerfile.path)): \(count) stage\(dockerfile.stages.count == 1 ? "" : "s"); "
                + "the image is the last stage, \(MarkdownText.code(runtime.displayName)).")

        doc.heading(3, "Multi-stage strategy")
        var stages = MarkdownTable(headers: ["#", "Stage", "Builds on", "Pinning", "Line"])
        for stage in dockerfile.stages {
            stages.append([
                "\(stage.index)", MarkdownText.code(stage.displayName), citeBase(stage, &doc),
                citePinning(stage, &doc), "\(stage.line)",
            ])
        }
        doc.table(stages)
        let multi = multiStageCheck(&doc)
        doc.checklist([(multi.passed, multi.markdown)])
        if !runtime.copiesFrom.isEmpty {
            doc.paragraph("The runtime stage \(MarkdownText.code(runtime.displayName)) takes from other stages and images:")
            var copies = MarkdownTable(headers: ["From", "Copies", "To", "Line"])
            for copy in runtime.copiesFrom {
                let from = copy.stage.map { dockerfile.stages[$0].displayName } ?? copy.image ?? "?"
                let value = "\(from): \(copy.sources.joined(separator: " ")) → \(copy.destination)"
                let cited = doc.cite(
                    key: key("copy", "line-\(copy.line)"), label: "\(name): what the runtime stage copies (line \(copy.line))",
                    value: value, source: dockerfile.source(line: copy.line, column: copy.column))
                copies.append([
                    MarkdownText.code(from), copy.sources.map(MarkdownText.code).joined(separator: " "),
                    MarkdownText.code(copy.destination), cited,
                ])
            }
            doc.table(copies)
        }
        packageTable(&doc)

        doc.heading(3, "Security hardening")
        let security = [userCheck(&doc), pinningCheck(&doc), buildToolsCheck(&doc), healthcheckCheck(&doc)]
        doc.checklist(security.map { ($0.passed, $0.markdown) })

        doc.heading(3, "Build optimisation")
        let build = layerOrderChecks(&doc) + cacheChecks(&doc)
        if build.isEmpty {
            doc.paragraph("No dependency manifests are copied and no package manager runs, so there is no layer order or cache to check.")
        } else {
            doc.checklist(build.map { ($0.passed, $0.markdown) })
        }
        argumentTable(&doc)

        doc.heading(3, "Implementation details")
        implementationTable(runtime, &doc)
    }

    // MARK: - Cited values

    private func citeStageCount(_ doc: inout DocumentBuilder) -> String {
        let last = dockerfile.stages[dockerfile.stages.count - 1]
        return doc.cite(
            key: key("stages"), label: "\(name): number of build stages", value: "\(dockerfile.stages.count)",
            source: dockerfile.source(line: last.line, column: last.column))
    }

    private func baseText(_ stage: Stage) -> String {
        if let parent = stage.from.stage { return "stage \(dockerfile.stages[parent].displayName)" }
        if stage.from.scratch { return "scratch" }
        return stage.from.image ?? stage.from.text
    }

    private func citeBase(_ stage: Stage, _ doc: inout DocumentBuilder) -> String {
        doc.cite(
            key: key("stage", stageKey(stage), "base"), label: "\(name): base of stage \(stage.displayName)",
            value: baseText(stage), source: dockerfile.source(line: stage.line, column: stage.column), code: true)
    }

    private func pinningText(_ stage: Stage) -> String {
        switch stage.from.pinning {
        case .digest: "digest"
        case .tag: "version tag"
        case .latest: "latest (not pinned)"
        case .some(.none): "no tag (not pinned)"
        case nil: stage.from.scratch ? "scratch (empty)" : "earlier stage"
        }
    }

    private func citePinning(_ stage: Stage, _ doc: inout DocumentBuilder) -> String {
        doc.cite(
            key: key("stage", stageKey(stage), "pinning"), label: "\(name): pinning of the base of stage \(stage.displayName)",
            value: pinningText(stage), source: dockerfile.source(line: stage.line, column: stage.column))
    }

    // MARK: - Checks

    private func multiStageCheck(_ doc: inout DocumentBuilder) -> Check {
        guard let runtime else { return Check(passed: false, markdown: "no stages") }
        let stages = citeStageCount(&doc)
        if dockerfile.stages.count < 2 {
            return Check(
                passed: false,
                markdown: "**Multi-stage build**: only \(stages) stage, so build tools and caches ship in the image. "
                    + "Add a builder stage before \(lineText(runtime.line)) and copy only the results with `COPY --from`.")
        }
        if let parent = runtime.from.stage {
            return Check(
                passed: false,
                markdown: "**Multi-stage build**: the runtime stage builds on stage \(MarkdownText.code(dockerfile.stages[parent].displayName)) "
                    + "(\(lineText(runtime.line))), so it keeps everything that stage installed. Start it from a base image and copy what it needs.")
        }
        let sources = Set(runtime.copiesFrom.compactMap(\.stage)).sorted().map { MarkdownText.code(dockerfile.stages[$0].displayName) }
        if sources.isEmpty {
            return Check(
                passed: false,
                markdown: "**Multi-stage build**: \(stages) stages, but the runtime stage copies nothing from the others (\(lineText(runtime.line))).")
        }
        return Check(
            passed: true,
            markdown: "**Multi-stage build**: \(stages) stages; the runtime stage starts from \(citeBase(runtime, &doc)) and copies only results from \(sources.joined(separator: ", ")).")
    }

    /// The effective user and whether it is root.
    private func userCheck(_ doc: inout DocumentBuilder) -> Check {
        guard let runtime else { return Check(passed: false, markdown: "no stages") }
        let userKey = key("runtime", "user")
        guard let user = runtime.user else {
            _ = doc.cite(
                key: userKey, label: "\(name): user of the runtime stage", value: "root (no USER instruction)",
                source: dockerfile.source(line: runtime.line, column: runtime.column))
            return Check(
                passed: false,
                markdown: "**Non-root user**: the runtime stage \(MarkdownText.code(runtime.displayName)) runs as root: it has no `USER` instruction. "
                    + "Create an unprivileged user and add `USER <name>` to the stage, after \(lineText(lastPrivilegedLine(runtime))).")
        }
        let cited = doc.cite(
            key: userKey, label: "\(name): user of the runtime stage", value: user.value,
            source: dockerfile.source(line: user.line, column: user.column), code: true)
        let account = user.value.split(separator: ":", maxSplits: 1).first.map(String.init) ?? user.value
        if account == "root" || account == "0" {
            return Check(
                passed: false,
                markdown: "**Non-root user**: the runtime stage runs as \(cited), which is root. Change `USER` at \(lineText(user.line)) to an unprivileged user.")
        }
        var uidText = ""
        if let uid = Int(account) {
            uidText = " (uid \(doc.cite(key: key("runtime", "uid"), label: "\(name): uid of the runtime user", value: "\(uid)", source: dockerfile.source(line: user.line, column: user.column))))"
        } else if let created = runtime.users.last(where: { $0.name == account }), let uid = created.uid {
            uidText = " (uid \(doc.cite(key: key("runtime", "uid"), label: "\(name): uid of the runtime user", value: "\(uid)", source: dockerfile.source(line: created.line, column: created.column))))"
        }
        return Check(passed: true, markdown: "**Non-root user**: the runtime stage runs as \(cited)\(uidText), set at \(lineText(user.line)).")
    }

    /// The line after which `USER` can go: the last RUN/COPY/ADD-like line of the stage before CMD.
    private func lastPrivilegedLine(_ stage: Stage) -> Int {
        let candidates = stage.installs.map(\.line) + stage.contextCopies.map(\.line) + stage.copiesFrom.map(\.line)
            + stage.users.filter { $0.stage == stage.index }.map(\.line)
        return candidates.max() ?? stage.line
    }

    private func pinningCheck(_ doc: inout DocumentBuilder) -> Check {
        let external = dockerfile.stages.filter { $0.from.image != nil }
        let loose = external.filter { !($0.from.pinning?.isPinned ?? true) }
        for stage in external { _ = citePinning(stage, &doc) }
        if external.isEmpty {
            return Check(passed: true, markdown: "**Pinned base images**: no stage pulls an external image.")
        }
        if loose.isEmpty {
            let list = external.map { citeBase($0, &doc) }
            return Check(passed: true, markdown: "**Pinned base images**: every external base is pinned: \(list.joined(separator: ", ")).")
        }
        let list = loose.map { "\(citeBase($0, &doc)) (\(citePinning($0, &doc)), \(lineText($0.line)))" }
        return Check(
            passed: false,
            markdown: "**Pinned base images**: not pinned: \(list.joined(separator: "; ")). Use a version tag or a digest.")
    }

    private func buildToolsCheck(_ doc: inout DocumentBuilder) -> Check {
        let chain = runtimeChain
        let inRuntime = chain.flatMap(\.packages).filter { BuildTools.isBuildTool($0.name) }
        let elsewhere = dockerfile.stages.filter { stage in !chain.contains { $0.index == stage.index } }
            .flatMap(\.packages).filter { BuildTools.isBuildTool($0.name) }
        let toolKey = key("runtime", "build-tools")
        guard let runtime else { return Check(passed: false, markdown: "no stages") }
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
            return Check(passed: true, markdown: text + ".")
        }
        let names = uniqueNames(inRuntime)
        let cited = doc.cite(
            key: toolKey, label: "\(name): build tools installed in the runtime stage", value: names.joined(separator: ", "),
            source: dockerfile.source(line: inRuntime[0].line, column: inRuntime[0].column))
        let lines = Set(inRuntime.map(\.line)).sorted().map { lineText($0) }.joined(separator: ", ")
        return Check(
            passed: false,
            markdown: "**Build tools excluded**: the runtime image installs \(cited) (\(lines)). Install them in a builder stage and copy only the results.")
    }

    private func uniqueNames(_ packages: [Package]) -> [String] {
        var seen: [String] = []
        for package in packages where !seen.contains(package.name) { seen.append(package.name) }
        return seen
    }

    private func healthcheckCheck(_ doc: inout DocumentBuilder) -> Check {
        guard let runtime else { return Check(passed: false, markdown: "no stages") }
        let checkKey = key("runtime", "healthcheck")
        guard let check = runtime.healthcheck, check.kind != .none else {
            let line = runtime.healthcheck?.line ?? runtime.line
            _ = doc.cite(
                key: checkKey, label: "\(name): health check of the runtime stage",
                value: runtime.healthcheck == nil ? "none" : "disabled (HEALTHCHECK NONE)",
                source: dockerfile.source(line: line, column: runtime.healthcheck?.column ?? runtime.column))
            return Check(
                passed: false,
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
        return Check(passed: true, markdown: "**Health check**: \(command)\(detail), \(lineText(check.line)).")
    }

    private func layerOrderChecks(_ doc: inout DocumentBuilder) -> [Check] {
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
                return Check(passed: true, markdown: "**Layer cache order** (stage \(MarkdownText.code(stage.displayName))): dependency manifests are copied first: \(cited), so code changes do not reinstall dependencies.")
            }
            return Check(
                passed: false,
                markdown: "**Layer cache order** (stage \(MarkdownText.code(stage.displayName))): \(cited): every code change reinstalls the dependencies. "
                    + "Move the manifest `COPY` at \(lineText(lastManifest.line)) and the install above \(lineText(firstSource?.line ?? stage.line)).")
        }
    }

    private func cacheChecks(_ doc: inout DocumentBuilder) -> [Check] {
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
                        passed: true,
                        markdown: "**No package cache** (\(stageText), \(install.manager.rawValue), \(MarkdownText.escape(what))): cache left in the layer: \(cited), \(lineText(install.line)).")
                }
                return Check(
                    passed: false,
                    markdown: "**No package cache** (\(stageText), \(install.manager.rawValue), \(MarkdownText.escape(what))): cache left in the layer: \(cited). "
                        + "\(fix(for: install.manager)) at \(lineText(install.line)).")
            }
        }
    }

    private func fix(for manager: PackageManager) -> String {
        switch manager {
        case .apk: "Use `apk add --no-cache`"
        case .apt: "End the `RUN` with `&& rm -rf /var/lib/apt/lists/*`"
        case .pip: "Use `pip install --no-cache-dir`"
        case .npm: "End the `RUN` with `&& npm cache clean --force`"
        }
    }

    // MARK: - Tables

    private func packageTable(_ doc: inout DocumentBuilder) {
        let stages = dockerfile.stages.filter { !$0.packages.isEmpty }
        guard !stages.isEmpty else { return }
        doc.paragraph("Packages installed per stage (build tools marked †):")
        var table = MarkdownTable(headers: ["Stage", "Manager", "Packages", "Line"])
        for stage in stages {
            for (position, install) in stage.installs.enumerated() where !install.packages.isEmpty {
                let sameLine = stage.installs[..<position].filter { $0.line == install.line && $0.manager == install.manager }.count
                let suffix = sameLine == 0 ? install.manager.rawValue : "\(install.manager.rawValue)-\(sameLine + 1)"
                let names = install.packages.map { MarkdownText.code($0) + (BuildTools.isBuildTool($0) ? " †" : "") }
                let cited = doc.cite(
                    key: key("stage", stageKey(stage), "packages", "line-\(install.line)", suffix),
                    label: "\(name): \(install.manager.rawValue) packages of stage \(stage.displayName) (line \(install.line))",
                    value: "\(install.packages.count)", source: dockerfile.source(line: install.line, column: install.column))
                table.append([
                    MarkdownText.code(stage.displayName), install.manager.rawValue, names.joined(separator: " ") + " (\(cited))",
                    "\(install.line)",
                ])
            }
        }
        doc.table(table)
    }

    private func argumentTable(_ doc: inout DocumentBuilder) {
        let args = dockerfile.globalArgs.map { (scope: "global", arg: $0) }
            + dockerfile.stages.flatMap { stage in stage.args.map { (scope: stage.displayName, arg: $0) } }
        guard !args.isEmpty else { return }
        doc.paragraph("Build arguments (override with `--build-arg` or in `docsgen.yml`):")
        var table = MarkdownTable(headers: ["Argument", "Scope", "Default", "Line"])
        for (scope, arg) in args {
            let inherited = scope != "global" && dockerfile.globalArgs.contains { $0.name == arg.name }
            let value = arg.default ?? (inherited ? "(global default)" : "(none)")
            let cited = doc.cite(
                key: key("arg", scope, arg.name), label: "\(name): default of build argument \(arg.name) (\(scope))",
                value: value, source: dockerfile.source(line: arg.line, column: arg.column), code: arg.default != nil)
            table.append([MarkdownText.code(arg.name), MarkdownText.escape(scope), cited, "\(arg.line)"])
        }
        doc.table(table)
    }

    private func implementationTable(_ runtime: Stage, _ doc: inout DocumentBuilder) {
        var table = MarkdownTable(headers: ["Setting", "Value", "Line"])
        /// `setting` is plain text (escaped here); `value` comes from the Dockerfile.
        func row(_ setting: String, _ slug: String, _ value: String?, line: Int?, column: Int = 1, code: Bool = true) {
            let cell = MarkdownText.escape(setting)
            guard let value, let line else {
                table.append([cell, "not set", "—"])
                return
            }
            let cited = doc.cite(
                key: key("runtime", slug), label: "\(name): \(setting) of the runtime stage", value: value,
                source: dockerfile.source(line: line, column: column), code: code)
            table.append([cell, cited, "\(line)"])
        }
        row("Working directory", "workdir", runtime.workdir?.value, line: runtime.workdir?.line, column: runtime.workdir?.column ?? 1)
        if runtime.exposedPorts.isEmpty {
            table.append(["Exposed ports", "none", "—"])
        }
        for port in runtime.exposedPorts {
            row("Exposed port", "port-\(port.value)", port.value, line: port.line, column: port.column)
        }
        row("Entrypoint", "entrypoint", runtime.entrypoint.map(commandText), line: runtime.entrypoint?.line)
        row("Command", "cmd", runtime.cmd.map(commandText), line: runtime.cmd?.line)
        for label in runtime.labels {
            row("Label \(label.key)", "label-\(label.key)", label.value, line: label.line, column: label.column, code: false)
        }
        for variable in runtime.environment {
            row("Environment", "env-\(variable.value)", variable.value, line: variable.line, column: variable.column)
        }
        doc.table(table)
    }

    private func commandText(_ command: ContainerCommand) -> String {
        switch command.form {
        case .exec: "[" + command.args.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        case .shell: command.text
        }
    }
}
