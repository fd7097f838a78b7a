import DocsgenCore
import Foundation

/// Publishes the documents to a git-backed wiki (GitLab, GitHub, Gitea/Forgejo, Azure DevOps): clone, write
/// the pages that changed, commit with the changed facts, push; a rejected push is fetched and retried once.
///
/// docsgen owns only what its manifest in the wiki (`.docsgen-wiki.json`) lists: a page a person created is
/// never written over or deleted, even when it has the name docsgen would use.
package struct GitWikiPublisher {
    package static let manifestName = ".docsgen-wiki.json"

    package let target: PublishTarget
    package let git: GitRunner

    package init(target: PublishTarget, token: String?) {
        self.target = target
        self.git = GitRunner(token: token, username: target.username, timeout: target.timeout)
    }

    /// What publishing changes, per file.
    package struct Plan: Equatable {
        package var create: [String] = []
        package var update: [String] = []
        package var delete: [String] = []
        package var unchanged: [String] = []
        /// Files docsgen would write but a person owns: left alone.
        package var foreign: [String] = []
        /// Facts whose value changed since the last publish: `key: old → new`.
        package var changedFacts: [String] = []

        package var writes: Bool { !(create.isEmpty && update.isEmpty && delete.isEmpty) }
    }

    /// The outcome: the plan carried out, and the commit pushed (none when nothing changed or in a dry run).
    package struct Outcome {
        package var plan: Plan
        package var commit: String?
        package var branch: String
        package var warnings: [String]
    }

    /// The ownership record kept in the wiki.
    struct Manifest: Codable, Equatable {
        var generator = "docsgen"
        var schemaVersion = 1
        /// The files docsgen owns, sorted.
        var files: [String]
        /// Every cited fact's value at the last publish, for the commit message.
        var facts: [String: String]
        var release: String?
    }

    /// Publishes `files` (wiki path → bytes) with the fact values `facts` (key → value).
    package func publish(files: [String: Data], facts: [String: String], release: String?, project: String, dryRun: Bool) throws(DocsgenError) -> Outcome {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("docsgen-publish-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let clone = work.appendingPathComponent("wiki")
        do {
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        } catch {
            throw fail("cannot create a working folder: \(error.localizedDescription)")
        }
        let url = target.url ?? ""
        try check(["clone", "--quiet", "--no-tags", "--", url, clone.path], in: work, doing: "clone")
        let branch = try prepareBranch(in: clone)
        var attempt = 0
        while true {
            attempt += 1
            let (plan, manifest) = try makePlan(files: files, facts: facts, release: release, in: clone)
            if !plan.writes || dryRun {
                return Outcome(plan: plan, commit: nil, branch: branch, warnings: warnings(plan))
            }
            try apply(plan, files: files, manifest: manifest, in: clone)
            try check(["add", "-A", "--", "."], in: clone, doing: "add")
            let message = commitMessage(plan, project: project, release: release)
            try check(["commit", "--quiet", "--no-verify", "-F", "-"], in: clone, input: Data(message.utf8), doing: "commit")
            let push = try run(["push", "--quiet", "origin", "HEAD:refs/heads/\(branch)"], in: clone)
            if push.status == 0 {
                let commit = try run(["rev-parse", "HEAD"], in: clone).output.trimmingCharacters(in: .whitespacesAndNewlines)
                return Outcome(plan: plan, commit: commit, branch: branch, warnings: warnings(plan))
            }
            guard attempt == 1, Self.isRejection(push.errors) else {
                throw fail(attempt == 1 ? describe(push.errors, doing: "push") : "the push was rejected again after fetching the wiki's new commits: \(firstLine(push.errors)); nothing was published")
            }
            // Someone changed the wiki meanwhile: start again from their commit, keeping their pages.
            try check(["fetch", "--quiet", "origin", branch], in: clone, doing: "fetch")
            try check(["reset", "--quiet", "--hard", "FETCH_HEAD"], in: clone, doing: "reset")
        }
    }

    /// Checks out `branch:` (creating it when the wiki has no such branch yet) or keeps the remote's default.
    private func prepareBranch(in clone: URL) throws(DocsgenError) -> String {
        let current = try run(["symbolic-ref", "--quiet", "--short", "HEAD"], in: clone).output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let wanted = target.branch, wanted != current else { return current.isEmpty ? "main" : current }
        let exists = try run(["rev-parse", "--verify", "--quiet", "refs/remotes/origin/\(wanted)"], in: clone).status == 0
        try check(exists ? ["checkout", "--quiet", "-B", wanted, "origin/\(wanted)"] : ["checkout", "--quiet", "--orphan", wanted], in: clone, doing: "checkout")
        if !exists { _ = try run(["rm", "-r", "-q", "--cached", "--ignore-unmatch", "."], in: clone) }
        return wanted
    }

    private func makePlan(files: [String: Data], facts: [String: String], release: String?, in clone: URL) throws(DocsgenError) -> (Plan, Manifest) {
        let layout = WikiLayout(flavor: target.flavor, folder: target.folder)
        let manifestURL = clone.appendingPathComponent(layout.join(Self.manifestName))
        let previous = (try? Data(contentsOf: manifestURL)).flatMap { try? JSONDecoder().decode(Manifest.self, from: $0) }
        var plan = Plan()
        var owned: [String] = []
        for path in files.keys.sorted() {
            let data = files[path] ?? Data()
            let url = clone.appendingPathComponent(path)
            let existing = FileManager.default.contents(atPath: url.path)
            let isOwned = previous?.files.contains(path) == true
            if existing == nil {
                plan.create.append(path)
                owned.append(path)
            } else if !isOwned {
                plan.foreign.append(path)
            } else if existing == data {
                plan.unchanged.append(path)
                owned.append(path)
            } else {
                plan.update.append(path)
                owned.append(path)
            }
        }
        for path in (previous?.files ?? []) where files[path] == nil {
            if FileManager.default.fileExists(atPath: clone.appendingPathComponent(path).path) { plan.delete.append(path) }
        }
        let old = previous?.facts ?? [:]
        for key in Set(old.keys).union(facts.keys).sorted() where old[key] != facts[key] && previous != nil {
            plan.changedFacts.append("\(key): \(old[key] ?? "(new)") → \(facts[key] ?? "(no longer stated)")")
        }
        let manifest = Manifest(files: owned, facts: facts, release: release)
        return (plan, manifest)
    }

    private func apply(_ plan: Plan, files: [String: Data], manifest: Manifest, in clone: URL) throws(DocsgenError) {
        let layout = WikiLayout(flavor: target.flavor, folder: target.folder)
        do {
            for path in plan.create + plan.update where files[path] != nil {
                let url = clone.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try files[path]?.write(to: url)
            }
            for path in plan.delete { try FileManager.default.removeItem(at: clone.appendingPathComponent(path)) }
            let manifestURL = clone.appendingPathComponent(layout.join(Self.manifestName))
            try FileManager.default.createDirectory(at: manifestURL.deletingLastPathComponent(), withIntermediateDirectories: true)
            try JSONOutput.encode(manifest).write(to: manifestURL)
        } catch let error as DocsgenError {
            throw error
        } catch {
            throw fail("cannot write the wiki's files: \(error.localizedDescription)")
        }
    }

    private func commitMessage(_ plan: Plan, project: String, release: String?) -> String {
        var message = "docsgen: publish \(project)" + (release.map { " release \($0)" } ?? "") + "\n\n"
        let pages = plan.create.count + plan.update.count
        message += "\(pages) file\(pages == 1 ? "" : "s") written, \(plan.delete.count) removed.\n"
        if !plan.changedFacts.isEmpty {
            message += "\nChanged facts:\n"
            for line in plan.changedFacts.prefix(50) { message += "- \(line)\n" }
            if plan.changedFacts.count > 50 { message += "- … and \(plan.changedFacts.count - 50) more\n" }
        }
        return git.scrub(message)
    }

    private func warnings(_ plan: Plan) -> [String] {
        plan.foreign.map { "\($0) exists in the wiki and is not docsgen's (not in \(Self.manifestName)): left alone" }
    }

    // MARK: - git

    private func run(_ arguments: [String], in directory: URL, input: Data = Data()) throws(DocsgenError) -> GitRunner.Result {
        do {
            return try git.run(arguments, in: directory, input: input)
        } catch {
            switch error {
            case .gitMissing: throw fail("the `git` executable was not found on PATH")
            case let .timedOut(command, seconds):
                throw fail("\(command) did not finish within \(Int(seconds)) s (is \(git.scrub(Self.withoutCredentials(target.url ?? ""))) reachable?); nothing was published")
            }
        }
    }

    /// Runs git and turns a non-zero exit into the failure of `step`.
    private func check(_ arguments: [String], in directory: URL, input: Data = Data(), doing step: String) throws(DocsgenError) {
        let outcome = try run(arguments, in: directory, input: input)
        if outcome.status != 0 { throw fail(describe(outcome.errors, doing: step)) }
    }

    /// One clear sentence for what git said.
    private func describe(_ errors: String, doing step: String) -> String {
        let url = git.scrub(Self.withoutCredentials(target.url ?? ""))
        let lower = errors.lowercased()
        if lower.contains("authentication failed") || lower.contains("401") || lower.contains("403") || lower.contains("could not read username") {
            let hint = target.tokenEnv.map { "check the token in $\($0)" } ?? "set `token-env:` to the variable holding a token"
            return "\(url) refused the credentials (\(step)): \(hint); nothing was published"
        }
        if lower.contains("connection refused") || lower.contains("could not resolve host") || lower.contains("failed to connect")
            || lower.contains("unable to connect") || lower.contains("unable to look up") || lower.contains("couldn't connect") {
            return "cannot reach \(url) (\(step)): \(firstLine(errors)); nothing was published"
        }
        if lower.contains("not found") || lower.contains("does not appear to be a git repository") || lower.contains("404") || lower.contains("does not exist") {
            return "no wiki repository at \(url) (\(step)): \(firstLine(errors)); nothing was published"
        }
        return "git \(step) failed for \(url): \(firstLine(errors)); nothing was published"
    }

    private func firstLine(_ text: String) -> String {
        let line = text.split(separator: "\n").first { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? "no message"
        return String(line.prefix(300))
    }

    /// A push the server refused because the branch moved (or a hook declined it): worth one fetch and retry.
    static func isRejection(_ errors: String) -> Bool {
        let lower = errors.lowercased()
        return lower.contains("[rejected]") || lower.contains("non-fast-forward") || lower.contains("fetch first")
            || lower.contains("remote rejected") || lower.contains("declined") || lower.contains("failed to push some refs")
            && !lower.contains("authentication") && !lower.contains("401")
    }

    /// The URL without a `user:password@` part, for messages.
    static func withoutCredentials(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil || components.user != nil else { return url }
        components.user = nil
        components.password = nil
        return components.string ?? url
    }

    private func fail(_ reason: String) -> DocsgenError {
        .publishFailed(target: target.name, reason: git.scrub(reason))
    }
}
