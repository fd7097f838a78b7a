/// Checks `COPY --chmod` / `ADD --chmod` values as BuildKit does (`dockerfile2llb/convert_copy.go`,
/// `dockerfile/1.26.0`): an octal mode up to `07777`, or a symbolic one (`u+x`, `a=rX,go-w`) read by
/// `dchapes-mode`.
enum FileMode {
    /// BuildKit's message for an invalid mode, or `nil` when it is valid.
    static func chmodError(_ value: String) -> String? {
        let nonOctal = "invalid chmod parameter: '\(value)'. it should be octal string and between 0 and 07777"
        if value.first != "+", value.first != "-", let mode = UInt32(value, radix: 8) {
            return mode > 0o7777 ? nonOctal : nil
        }
        // A value that starts with a digit but is no octal number fails as a number.
        if let first = value.unicodeScalars.first, ("0"..."9").contains(first) { return nonOctal }
        return isSymbolic(Array(value.utf8)) ? nil : "invalid chmod parameter: '\(value)': invalid syntax"
    }

    /// `[augo]*[+-=][rwxXstugo]*` clauses, several operations per clause, clauses joined by commas.
    private static func isSymbolic(_ text: [UInt8]) -> Bool {
        var position = 0
        func isIn(_ set: String) -> Bool { position < text.count && set.utf8.contains(text[position]) }
        while true {
            while isIn("augo") { position += 1 }
            repeat {
                guard isIn("+-=") else { return false }
                position += 1
                while isIn("rwxXstugo") { position += 1 }
                if position == text.count { return true }
            } while text[position] != UInt8(ascii: ",")
            position += 1
        }
    }
}
