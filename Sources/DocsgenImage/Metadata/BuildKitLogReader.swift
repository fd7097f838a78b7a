import DocsgenCore
import Foundation

/// Reads the log of `docker build --progress=plain` (BuildKit's plain progress output).
///
/// ```swift
/// let (build, diagnostics) = BuildKitLogReader().read(data, path: "measurements/backend/build.log")
/// build?.steps.first { $0.number == 13 }?.seconds  // 212.4
/// build?.totalSeconds                              // 300.9
/// ```
///
/// Every line of a step starts with `#N ` (`N` is the step's number). A step is named by the text after `#N `
/// on the first line that carries its number (`[builder 5/6] RUN pip install …`, `[internal] load .dockerignore`,
/// `exporting to image`); the header BuildKit prints again when it returns to an interleaved step does not start
/// a new step. A Dockerfile step's name begins with `[stage k/n]`, and its stage is the text before ` k/n`;
/// BuildKit's own steps (`[internal] …`, no brackets) have no stage. `#N DONE 38.6s` gives the step's seconds,
/// `#N CACHED` marks it cached (0 seconds). `#0`, the "building with … instance" line, is not a step. Steps are
/// in the order of their first line.
///
/// The plain log carries no wall clock, so ``BuildTiming/totalSeconds`` is the sum of all `DONE` times. Steps of
/// independent stages run in parallel, so the sum is an upper bound of the build's wall time (the README of the
/// sample measurements: 300.9 s summed against 293.9 s along the chain of dependent steps).
///
/// Diagnostics:
/// - `image.build-failed` (error, at the line): a `#N ERROR…` line; without one, the first
///   `ERROR: failed to solve…` line that BuildKit prints at the end of a failed build.
/// - `image.buildkit-empty` (error, at 1:1): no `#N ` line at all; the result is `nil`.
public struct BuildKitLogReader: Sendable {
    /// Creates a reader.
    public init() {}

    /// Reads the steps and their times.
    ///
    /// - Parameters:
    ///   - data: The log's bytes.
    ///   - path: The file, relative to the project root; it becomes ``BuildTiming/source``.
    /// - Returns: The build's timing (`nil` when the file is no BuildKit log) and the problems found.
    public func read(_ data: Data, path: String) -> (BuildTiming?, [Diagnostic]) {
        var steps: [BuildStep] = []
        var positions: [Int: Int] = [:]
        var isBuildKitLog = false
        var stepFailures: [Diagnostic] = []
        var solveFailure: Diagnostic?

        for (number, text) in TextLines(data).texts {
            let location = SourceLocation(file: path, line: number, column: 1)
            guard let (stepNumber, rest) = Self.splitStepLine(text) else {
                if solveFailure == nil, text.hasPrefix("ERROR:") {
                    solveFailure = Diagnostic(
                        .error, "the build failed: \(Self.summary(text.dropFirst("ERROR:".count)))",
                        id: "image.build-failed", at: location
                    )
                }
                continue
            }
            isBuildKitLog = true
            if rest == "ERROR" || rest.hasPrefix("ERROR:") || rest.hasPrefix("ERROR ") {
                let name = positions[stepNumber].map { " (`\(Self.summary(steps[$0].name))`)" } ?? ""
                stepFailures.append(Diagnostic(
                    .error, "step #\(stepNumber)\(name) failed: \(Self.summary(rest.dropFirst("ERROR".count)))",
                    id: "image.build-failed", at: location
                ))
            }
            guard stepNumber > 0 else { continue }

            let position: Int
            if let known = positions[stepNumber] {
                position = known
            } else {
                position = steps.count
                positions[stepNumber] = position
                var name = rest
                while name.last == " " || name.last == "\t" {
                    name.removeLast()
                }
                steps.append(BuildStep(
                    number: stepNumber, name: SecretRedaction.redact(String(name)), stage: Self.stage(ofStepNamed: String(name)), seconds: 0,
                    isCached: false, line: number
                ))
            }
            if rest == "CACHED" {
                steps[position].isCached = true
                steps[position].seconds = 0
            } else if let seconds = Self.doneSeconds(rest) {
                steps[position].seconds = seconds
            }
        }

        guard isBuildKitLog else {
            let problem = Diagnostic(
                .error, "the file has no BuildKit step lines (`#1 …`); "
                    + "record the build with `docker build --progress=plain … 2>&1 | tee build.log`",
                id: "image.buildkit-empty", at: SourceLocation(file: path, line: 1, column: 1)
            )
            return (nil, [problem])
        }
        let total = steps.reduce(0) { $0 + $1.seconds }
        var diagnostics = stepFailures
        if diagnostics.isEmpty, let solveFailure {
            diagnostics.append(solveFailure)
        }
        return (BuildTiming(source: path, totalSeconds: total, steps: steps), diagnostics)
    }

    /// `(12, "DONE 212.4s")` from `#12 DONE 212.4s`; `nil` for a line that is not a step line.
    static func splitStepLine(_ line: String) -> (number: Int, rest: Substring)? {
        guard line.hasPrefix("#") else { return nil }
        let afterHash = line.dropFirst()
        let digits = afterHash.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 9, let number = Int(digits) else { return nil }
        let afterNumber = afterHash.dropFirst(digits.count)
        guard afterNumber.first == " " else { return nil }
        return (number, afterNumber.dropFirst())
    }

    /// The stage of `[builder 5/6] RUN …` (`builder`); `nil` for `[internal] …` and names without `[stage k/n]`.
    static func stage(ofStepNamed name: String) -> String? {
        guard name.hasPrefix("["), let close = name.firstIndex(of: "]") else { return nil }
        let inside = name[name.index(after: name.startIndex)..<close]
        guard let space = inside.lastIndex(of: " ") else { return nil }
        let stage = inside[..<space].trimmingCharacters(in: .whitespaces)
        let counter = inside[inside.index(after: space)...].split(separator: "/", omittingEmptySubsequences: false)
        guard counter.count == 2, counter.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              !stage.isEmpty, stage != "internal"
        else { return nil }
        return stage
    }

    /// `212.4` from `DONE 212.4s`.
    static func doneSeconds(_ rest: Substring) -> Double? {
        guard rest.hasPrefix("DONE "), rest.hasSuffix("s") else { return nil }
        let number = rest.dropFirst("DONE ".count).dropLast()
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              let seconds = Double(number), seconds.isFinite
        else { return nil }
        return seconds
    }

    /// Text for a message: trimmed, `: ` in front dropped, at most 200 characters.
    private static func summary(_ text: Substring) -> String {
        var trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix(":") {
            trimmed = String(trimmed.dropFirst()).trimmingCharacters(in: .whitespaces)
        }
        if trimmed.isEmpty { return "no reason given" }
        return trimmed.count > 200 ? String(trimmed.prefix(200)) + "…" : trimmed
    }

    private static func summary(_ text: String) -> String {
        summary(Substring(text))
    }
}
