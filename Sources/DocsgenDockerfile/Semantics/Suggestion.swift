import DocsgenCore

/// BuildKit's `suggest.Search`: the "did you mean" word for a name nothing matched.
enum Suggestion {
    /// The closest of `names` within edit distance 2 (ties: the first in alphabetical order), or `nil`.
    ///
    /// Case-insensitive matching compares lower-cased words and answers in the case `word` was written in
    /// (all lower or all upper), as BuildKit does for instruction names.
    static func closest(to word: String, among names: some Collection<String>, caseSensitive: Bool) -> String? {
        let wanted = caseSensitive ? word : word.lowercased()
        let best = names.map { caseSensitive ? $0 : $0.lowercased() }.sorted()
            .map { ($0, EditDistance.between($0, wanted)) }
            .filter { $0.1 < 3 }
            .min { $0.1 < $1.1 }
        guard let match = best?.0, best?.1 != 0 else { return nil }
        if caseSensitive || word == word.lowercased() { return match }
        return word == word.uppercased() ? match.uppercased() : match
    }
}
