import ArgumentParser
import DocsgenCore
import DocsgenEngine
import Foundation

/// `docsgen publish`: send the documents to the wikis configured under `publish:`.
struct Publish: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Publish the documents to the wikis configured under `publish:` in docsgen.yml.",
        discussion: """
            Each git-wiki target is cloned, the pages that changed are written (pages docsgen did not create are \
            never touched), committed with the changed facts in the message and pushed; a push rejected because \
            the wiki moved is fetched and retried once. Tokens come only from the environment variable named by \
            `token-env`. --dry-run prints the plan and changes nothing. Exit 5 when a target fails.
            """)

    @OptionGroup var options: ProjectOptions

    @Argument(help: ArgumentHelp("Targets to publish (default: every target).", valueName: "target"))
    var targets: [String] = []

    @Option(help: ArgumentHelp("Publish the documents of this release.", valueName: "version"))
    var release: String?

    @Flag(help: "Print what would change and change nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("Confluence targets: write the storage-format pages, attachments and plan to this folder instead of a server.", valueName: "folder"))
    var export: String?

    func run() throws {
        var engine = try Engine(project: options.locate(), release: release)
        engine.log = { Console.err($0 + "\n") }
        let configured = engine.project.config.publish
        guard !configured.isEmpty else {
            throw DocsgenError.invalidInput([DiagnosticBox(Diagnostic(
                .error, "docsgen.yml has no `publish:` targets (see the README: Publishing)", id: "config.missing-key",
                at: SourceLocation(file: engine.project.configFile, line: 1, column: 1)))], root: engine.project.root.path)
        }
        for name in targets where !configured.contains(where: { $0.name == name }) {
            throw ValidationError("unknown publish target '\(name)'; configured: \(configured.map(\.name).joined(separator: ", "))")
        }
        let chosen = targets.isEmpty ? configured : configured.filter { targets.contains($0.name) }
        let result = try engine.generate()
        DiagnosticPrinter.standardError(root: engine.project.root).print(result.warnings)
        let environment = ProcessInfo.processInfo.environment
        for target in chosen {
            var token: String?
            if let variable = target.tokenEnv {
                guard let value = environment[variable], !value.isEmpty else {
                    throw DocsgenError.publishFailed(target: target.name, reason: "the environment variable \(variable) (token-env) is not set; nothing was published")
                }
                token = value
            }
            switch target.kind {
            case .gitWiki:
                let (files, facts) = engine.wikiFiles(result.generation, for: target)
                let outcome = try GitWikiPublisher(target: target, token: token).publish(
                    files: files, facts: facts, release: engine.project.config.release, project: result.facts.project, dryRun: dryRun)
                for warning in outcome.warnings { Console.err("docsgen: \(target.name): warning: \(warning)\n") }
                Console.out(Self.describe(outcome, target: target, dryRun: dryRun))
            case .confluence:
                let pages = engine.confluencePages(result.generation, for: target)
                guard let export else {
                    var attachments: [String: Data] = [:]
                    for file in result.generation.files where file.path.hasPrefix("assets/") { attachments[String(file.path.dropFirst(7))] = file.contents }
                    var publisher = ConfluencePublisher(target: target, token: token)
                    let outcome = try publisher.publish(pages, attachments: attachments, dryRun: dryRun)
                    for title in outcome.foreign { Console.err("docsgen: \(target.name): warning: page '\(title)' exists and is not docsgen's (no `docsgen` property): left alone\n") }
                    if dryRun {
                        for title in outcome.created { Console.out("  create \(title)\n") }
                        for title in outcome.updated {
                            Console.out("  update \(title)\n")
                            for line in outcome.changedFacts[title] ?? [] { Console.out("    \(line)\n") }
                        }
                        for title in outcome.foreign { Console.out("  leave (not docsgen's) \(title)\n") }
                    }
                    Console.out("docsgen: \(target.name): \(outcome.created.count) created, \(outcome.updated.count) updated, \(outcome.unchanged.count) unchanged"
                        + (dryRun ? " (dry run, nothing written)" : "") + "\n")
                    continue
                }
                try Self.export(engine.confluencePages(result.generation, for: target), generation: result.generation, target: target,
                                to: URL(fileURLWithPath: export).appendingPathComponent(target.name))
            }
        }
    }

    /// Writes `FOLDER/TARGET/pages/NAME.xml`, `attachments/` and `plan.json` (titles, parent, labels, attachments).
    static func export(_ pages: [Engine.ConfluencePage], generation: Generation, target: PublishTarget, to folder: URL) throws {
        struct Plan: Encodable {
            var space: String?
            var parentPage: String?
            var pages: [Page]
            struct Page: Encodable {
                var title: String
                var file: String
                var labels: [String]
                var attachments: [String]
            }
        }
        for page in pages {
            try FileAccess.writeAtomically(Data(page.storage.utf8), to: folder.appendingPathComponent(page.file))
        }
        for file in generation.files where file.path.hasPrefix("assets/") {
            try FileAccess.writeAtomically(file.contents, to: folder.appendingPathComponent("attachments").appendingPathComponent(String(file.path.dropFirst("assets/".count))))
        }
        let plan = Plan(space: target.space, parentPage: target.parentPage, pages: pages.map {
            .init(title: $0.title, file: $0.file, labels: $0.labels, attachments: $0.attachments)
        })
        try FileAccess.writeAtomically(JSONOutput.encode(plan), to: folder.appendingPathComponent("plan.json"))
        Console.out("docsgen: \(target.name): \(pages.count) pages exported to \(folder.path)\n")
    }

    static func describe(_ outcome: GitWikiPublisher.Outcome, target: PublishTarget, dryRun: Bool) -> String {
        let plan = outcome.plan
        var text = ""
        if dryRun {
            text += "docsgen: \(target.name) (dry run, branch \(outcome.branch)):\n"
            for (verb, paths) in [("create", plan.create), ("update", plan.update), ("delete", plan.delete), ("leave (not docsgen's)", plan.foreign)] {
                for path in paths { text += "  \(verb) \(path)\n" }
            }
            if !plan.changedFacts.isEmpty {
                text += "  changed facts since the last publish:\n"
                for line in plan.changedFacts { text += "    \(line)\n" }
            }
        }
        let counts = "\(plan.create.count) created, \(plan.update.count) updated, \(plan.delete.count) removed, \(plan.unchanged.count) unchanged"
        if let commit = outcome.commit {
            text += "docsgen: \(target.name): \(counts); commit \(commit.prefix(12)) pushed to \(outcome.branch)\n"
        } else if !plan.writes {
            text += "docsgen: \(target.name): up to date (\(plan.unchanged.count) files), nothing to push\n"
        } else {
            text += "docsgen: \(target.name): would write: \(counts)\n"
        }
        return text
    }
}
