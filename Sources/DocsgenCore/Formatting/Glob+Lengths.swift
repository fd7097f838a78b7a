extension Glob {
    /// A pattern read once into elements, for matching many prefixes of one text in a single pass.
    ///
    /// `matches(pattern:name:)` answers for one whole name; the shell's `${V#p}`, `${V%p}` and `${V/p/r}` need
    /// every prefix (or suffix) of a value that matches, which asked one by one costs a match per length.
    package struct Compiled: Sendable {
        enum Element: Sendable, Equatable {
            case character(Character)
            case any
            case star
            /// The characters between `[` and `]`, `a-z` ranges included.
            case set([Character])
        }

        let elements: [Element]

        /// Reads `pattern` with the rules of `matches(pattern:name:)`: a `[` without a closing `]` is a literal.
        package init(_ pattern: String) {
            let p = Array(pattern)
            var elements: [Element] = []
            var index = 0
            while index < p.count {
                switch p[index] {
                case "*": elements.append(.star)
                case "?": elements.append(.any)
                case "[":
                    if let close = p[(index + 1)...].firstIndex(of: "]") {
                        elements.append(.set(Array(p[(index + 1)..<close])))
                        index = close
                    } else {
                        elements.append(.character("["))
                    }
                default: elements.append(.character(p[index]))
                }
                index += 1
            }
            self.elements = elements
        }

        private init(elements: [Element]) {
            self.elements = elements
        }

        /// The pattern that matches the reversed texts: `matchingLengths` of it over a reversed value are the
        /// lengths of the value's matching suffixes.
        package var reversed: Compiled {
            Compiled(elements: elements.reversed())
        }

        /// The lengths `n`, ascending, for which `text[start..<start + n]` matches the whole pattern (0 included
        /// when the pattern matches the empty text). One pass over the text, each step over the pattern's states;
        /// it stops as soon as no state is left or `limit` steps are used up.
        ///
        /// - Returns: The lengths, or `nil` when the work would exceed `limit` (a hostile pattern and value).
        package func matchingLengths(in text: [Character], from start: Int, limit: inout Int) -> [Int]? {
            var states = [Bool](repeating: false, count: elements.count + 1)
            states[0] = true
            close(&states)
            var lengths: [Int] = states[elements.count] ? [0] : []
            var position = start
            var next = states
            while position < text.count, states.contains(true) {
                limit -= elements.count + 1
                if limit < 0 { return nil }
                let c = text[position]
                for index in next.indices { next[index] = false }
                for (index, element) in elements.enumerated() where states[index] {
                    switch element {
                    case .star: next[index] = true
                    case .any: next[index + 1] = true
                    case let .character(expected): if expected == c { next[index + 1] = true }
                    case let .set(members): if Self.contains(members, c) { next[index + 1] = true }
                    }
                }
                close(&next)
                swap(&states, &next)
                position += 1
                if states[elements.count] { lengths.append(position - start) }
            }
            return lengths
        }

        /// Adds the states a `*` reaches by matching nothing.
        private func close(_ states: inout [Bool]) {
            for (index, element) in elements.enumerated() where states[index] && element == .star {
                states[index + 1] = true
            }
        }

        /// Whether a `[…]` set holds `c`, ranges as in `matches(pattern:name:)`.
        private static func contains(_ set: [Character], _ c: Character) -> Bool {
            var i = 0
            while i < set.count {
                if i + 2 < set.count, set[i + 1] == "-" {
                    if set[i] <= c && c <= set[i + 2] { return true }
                    i += 3
                } else {
                    if set[i] == c { return true }
                    i += 1
                }
            }
            return false
        }
    }
}
