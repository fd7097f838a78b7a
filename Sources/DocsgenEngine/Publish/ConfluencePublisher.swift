import DocsgenCore
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Publishes the documents to Confluence (Server/Data Center REST API v1, `/rest/api/content`): each page
/// under the parent page, created or updated (version + 1) only when its storage body changed, labelled,
/// its SVG charts attached. docsgen owns a page only when it carries the content property `docsgen`; a
/// page a person made with the same title is never written over. A version conflict (409) is refetched and
/// retried once.
package struct ConfluencePublisher {
    package let target: PublishTarget
    let token: String?
    let base: String
    /// v2: the space's numeric id, looked up once from its key.
    private var spaceID = ""
    private var isV2: Bool { target.api == "v2" }

    package init(target: PublishTarget, token: String?) {
        self.target = target
        self.token = token
        var base = target.baseURL ?? ""
        while base.hasSuffix("/") { base.removeLast() }
        self.base = base
    }

    package struct Outcome {
        package var created: [String] = []
        package var updated: [String] = []
        package var unchanged: [String] = []
        package var foreign: [String] = []
        package var writes = 0
        /// Per page to update: `key: old → new` of the facts that changed since the last publish.
        package var changedFacts: [String: [String]] = [:]
    }

    /// Publishes `pages`; `attachments` by file name.
    package mutating func publish(_ pages: [Engine.ConfluencePage], attachments: [String: Data], dryRun: Bool) throws(DocsgenError) -> Outcome {
        var outcome = Outcome()
        guard let space = target.space else { throw fail("no `space` is configured") }
        if isV2 { spaceID = try lookUpSpaceID(space) }
        var parentID: String?
        if let parent = target.parentPage {
            guard let found = try find(title: parent, space: space) else {
                throw fail("the parent page '\(parent)' does not exist in space \(space); create it or change `parent-page`")
            }
            parentID = found.id
        }
        for page in pages {
            let existing = try find(title: page.title, space: space)
            // What docsgen last wrote (body and attachments), recorded on the page: Confluence normalises stored
            // bodies, so comparing the body it returns would see a change every time.
            let stamp = Self.fingerprint([Data(page.storage.utf8)] + page.attachments.map { attachments[$0] ?? Data() })
            if let existing {
                guard let owned = try ownership(of: existing.id) else {
                    outcome.foreign.append(page.title)
                    continue
                }
                if owned.stamp == stamp {
                    outcome.unchanged.append(page.title)
                    continue
                }
                outcome.updated.append(page.title)
                outcome.changedFacts[page.title] = Set(owned.facts.keys).union(page.facts.keys).sorted().compactMap { key in
                    owned.facts[key] == page.facts[key] ? nil : "\(key): \(owned.facts[key] ?? "(new)") → \(page.facts[key] ?? "(no longer stated)")"
                }
                if dryRun { continue }
                try update(existing, with: page, space: space, stamp: stamp, attachments: attachments, outcome: &outcome)
            } else {
                outcome.created.append(page.title)
                if dryRun { continue }
                let id = try create(page, space: space, parent: parentID, outcome: &outcome)
                try attach(page, to: id, attachments: attachments, outcome: &outcome)
                try setOwnership(of: id, stamp: stamp, facts: page.facts, existing: nil, outcome: &outcome)
                try label(id, page.labels, outcome: &outcome)
            }
        }
        return outcome
    }

    // MARK: - Pages

    struct Found {
        var id: String
        var version: Int
        var body: String
    }

    private func lookUpSpaceID(_ key: String) throws(DocsgenError) -> String {
        var components = URLComponents(string: base + "/api/v2/spaces")
        components?.queryItems = [.init(name: "keys", value: key)]
        let (status, data) = try request("GET", components?.url?.absoluteString ?? "")
        guard status == 200 else { throw fail(describe(status, data, doing: "look up space \(key)")) }
        let results = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["results"] as? [[String: Any]]
        guard let first = results?.first, let id = first["id"].map({ "\($0)" }) else { throw fail("there is no space \(key) at \(base)") }
        return id
    }

    private func find(title: String, space: String) throws(DocsgenError) -> Found? {
        var components = URLComponents(string: base + (isV2 ? "/api/v2/pages" : "/rest/api/content"))
        components?.queryItems = isV2
            ? [.init(name: "space-id", value: spaceID), .init(name: "title", value: title), .init(name: "body-format", value: "storage")]
            : [.init(name: "spaceKey", value: space), .init(name: "title", value: title), .init(name: "expand", value: "version,body.storage")]
        let (status, data) = try request("GET", components?.url?.absoluteString ?? "")
        guard status == 200 else { throw fail(describe(status, data, doing: "look up '\(title)'")) }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let results = root["results"] as? [[String: Any]] else {
            throw fail("the server's answer to a page lookup is not Confluence's content list")
        }
        guard let first = results.first, let id = first["id"].map({ "\($0)" }) else { return nil }
        let version = ((first["version"] as? [String: Any])?["number"] as? Int) ?? 1
        let body = (((first["body"] as? [String: Any])?["storage"] as? [String: Any])?["value"] as? String) ?? ""
        return Found(id: id, version: version, body: body)
    }

    private func create(_ page: Engine.ConfluencePage, space: String, parent: String?, outcome: inout Outcome) throws(DocsgenError) -> String {
        var body: [String: Any]
        if isV2 {
            body = ["spaceId": spaceID, "status": "current", "title": page.title, "body": ["representation": "storage", "value": page.storage]]
            if let parent { body["parentId"] = parent }
        } else {
            body = ["type": "page", "title": page.title, "space": ["key": space], "body": ["storage": ["value": page.storage, "representation": "storage"]]]
            if let parent { body["ancestors"] = [["id": parent]] }
        }
        let (status, data) = try request("POST", base + (isV2 ? "/api/v2/pages" : "/rest/api/content"), json: body)
        outcome.writes += 1
        guard status == 200 || status == 201, let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let id = root["id"].map({ "\($0)" }) else {
            throw fail(describe(status, data, doing: "create '\(page.title)'"))
        }
        return id
    }

    private func update(_ existing: Found, with page: Engine.ConfluencePage, space: String, stamp: String, attachments: [String: Data], outcome: inout Outcome) throws(DocsgenError) {
        var current = existing
        for attempt in 1...2 {
            let version: [String: Any] = ["number": current.version + 1, "message": "docsgen publish"]
            let body: [String: Any] = isV2
                ? ["id": current.id, "status": "current", "title": page.title, "body": ["representation": "storage", "value": page.storage], "version": version]
                : ["id": current.id, "type": "page", "title": page.title, "space": ["key": space],
                   "body": ["storage": ["value": page.storage, "representation": "storage"]], "version": version]
            let (status, data) = try request("PUT", base + (isV2 ? "/api/v2/pages/" : "/rest/api/content/") + current.id, json: body)
            outcome.writes += 1
            if status == 200 { break }
            guard status == 409, attempt == 1, let refetched = try find(title: page.title, space: space) else {
                throw fail(status == 409 ? "'\(page.title)' changed on the server again while publishing (version conflict twice); nothing more was written"
                                         : describe(status, data, doing: "update '\(page.title)'"))
            }
            current = refetched
        }
        try attach(page, to: current.id, attachments: attachments, outcome: &outcome)
        try setOwnership(of: current.id, stamp: stamp, facts: page.facts, existing: current.id, outcome: &outcome)
    }

    // MARK: - Ownership, labels, attachments

    /// The ownership stamp docsgen left on the page (its attachments' fingerprint), `nil` for a page it does not own.
    private func ownership(of id: String) throws(DocsgenError) -> (stamp: String, facts: [String: String])? {
        if isV2 { return try propertyV2(of: id).map { ($0.value, $0.facts) } }
        let (status, data) = try request("GET", base + "/rest/api/content/\(id)/property/docsgen")
        if status == 404 { return nil }
        guard status == 200, let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let value = root["value"] as? [String: Any], value["owner"] as? String == "docsgen" else {
            if status == 200 { return nil }
            throw fail(describe(status, data, doing: "read the ownership of page \(id)"))
        }
        return (value["attachments"] as? String ?? "", value["facts"] as? [String: String] ?? [:])
    }

    /// v2: the `docsgen` property of a page: its id, version and stamp.
    private func propertyV2(of id: String) throws(DocsgenError) -> (id: String, version: Int, value: String, facts: [String: String])? {
        let (status, data) = try request("GET", base + "/api/v2/pages/\(id)/properties?key=docsgen")
        guard status == 200 else { throw fail(describe(status, data, doing: "read the ownership of page \(id)")) }
        let results = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["results"] as? [[String: Any]]
        guard let first = results?.first, let value = first["value"] as? [String: Any], value["owner"] as? String == "docsgen",
              let propertyID = first["id"].map({ "\($0)" }) else { return nil }
        return (propertyID, ((first["version"] as? [String: Any])?["number"] as? Int) ?? 1, value["attachments"] as? String ?? "",
                value["facts"] as? [String: String] ?? [:])
    }

    private func setOwnership(of id: String, stamp: String, facts: [String: String], existing: String?, outcome: inout Outcome) throws(DocsgenError) {
        let value: [String: Any] = ["key": "docsgen", "value": ["owner": "docsgen", "attachments": stamp, "facts": facts]]
        if isV2 {
            let current = existing == nil ? nil : try propertyV2(of: id)
            var body = value
            if let current { body["version"] = ["number": current.version + 1] }
            let (status, data) = current == nil
                ? try request("POST", base + "/api/v2/pages/\(id)/properties", json: body)
                : try request("PUT", base + "/api/v2/pages/\(id)/properties/\(current?.id ?? "")", json: body)
            outcome.writes += 1
            guard (200...204).contains(status) else { throw fail(describe(status, data, doing: "record ownership of page \(id)")) }
            return
        }
        let (status, data) = existing == nil
            ? try request("POST", base + "/rest/api/content/\(id)/property", json: value)
            : try request("PUT", base + "/rest/api/content/\(id)/property/docsgen", json: value)
        outcome.writes += 1
        guard (200...204).contains(status) else { throw fail(describe(status, data, doing: "record ownership of page \(id)")) }
    }

    private func label(_ id: String, _ labels: [String], outcome: inout Outcome) throws(DocsgenError) {
        let body = labels.map { ["prefix": "global", "name": $0] }
        let (status, data) = try request("POST", base + "/rest/api/content/\(id)/label", json: body)
        outcome.writes += 1
        guard (200...204).contains(status) else { throw fail(describe(status, data, doing: "label page \(id)")) }
    }

    private func attach(_ page: Engine.ConfluencePage, to id: String, attachments: [String: Data], outcome: inout Outcome) throws(DocsgenError) {
        for name in page.attachments {
            guard let contents = attachments[name] else { continue }
            let boundary = "docsgen-\(UUID().uuidString)"
            var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: image/svg+xml\r\n\r\n".utf8)
            body.append(contents)
            body.append(Data("\r\n--\(boundary)--\r\n".utf8))
            // PUT on the collection creates the attachment or adds a new version of the one with this name.
            let (status, data) = try request("PUT", base + "/rest/api/content/\(id)/child/attachment", body: body,
                                             contentType: "multipart/form-data; boundary=\(boundary)")
            outcome.writes += 1
            guard (200...201).contains(status) else { throw fail(describe(status, data, doing: "attach \(name) to '\(page.title)'")) }
        }
    }

    /// FNV-1a over the attachments: a cheap, stable fingerprint to tell whether they changed.
    static func fingerprint(_ parts: [Data]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in parts {
            for byte in part { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            hash = (hash ^ 0xff) &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    // MARK: - HTTP

    private final class Box: @unchecked Sendable {
        var status = 0
        var data = Data()
        var error: (any Error)?
    }

    private func request(_ method: String, _ url: String, json: Any? = nil, body: Data? = nil, contentType: String? = nil) throws(DocsgenError) -> (Int, Data) {
        guard let address = URL(string: url), address.scheme == "https" || address.scheme == "http" else {
            throw fail("'\(target.baseURL ?? "")' is not an http(s) URL")
        }
        var request = URLRequest(url: address, timeoutInterval: target.timeout)
        request.httpMethod = method
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue("nocheck", forHTTPHeaderField: "X-Atlassian-Token")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.httpBody = try? JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        } else if let body {
            request.httpBody = body
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = target.timeout
        configuration.timeoutIntervalForResource = target.timeout
        let session = URLSession(configuration: configuration)
        session.dataTask(with: request) { data, response, error in
            box.data = data ?? Data()
            box.status = (response as? HTTPURLResponse)?.statusCode ?? 0
            box.error = error
            done.signal()
        }.resume()
        if done.wait(timeout: .now() + target.timeout + 5) == .timedOut {
            session.invalidateAndCancel()
            throw fail("\(base) did not answer within \(Int(target.timeout)) s; nothing more was published")
        }
        session.finishTasksAndInvalidate()
        if let error = box.error as? URLError {
            switch error.code {
            case .timedOut: throw fail("\(base) did not answer within \(Int(target.timeout)) s; nothing more was published")
            case .cannotConnectToHost, .cannotFindHost, .networkConnectionLost, .notConnectedToInternet, .dnsLookupFailed:
                throw fail("cannot reach \(base): \(error.localizedDescription); nothing was published")
            default: throw fail("request to \(base) failed: \(error.localizedDescription)")
            }
        } else if let error = box.error {
            throw fail("request to \(base) failed: \(error)")
        }
        return (box.status, box.data)
    }

    private func describe(_ status: Int, _ data: Data, doing step: String) -> String {
        switch status {
        case 401, 403:
            let hint = target.tokenEnv.map { "check the token in $\($0)" } ?? "set `token-env:` to the variable holding a token"
            return "\(base) refused the credentials (HTTP \(status)) to \(step): \(hint)"
        case 404: return "\(base) has no Confluence REST API here (HTTP 404) to \(step): check `base-url`"
        default:
            let message = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["message"] as? String
            return "\(base) answered HTTP \(status) to \(step)" + (message.map { ": \($0)" } ?? "")
        }
    }

    private func fail(_ reason: String) -> DocsgenError {
        var reason = reason
        if let token, !token.isEmpty { reason = reason.replacingOccurrences(of: token, with: "***") }
        return .publishFailed(target: target.name, reason: reason)
    }
}
