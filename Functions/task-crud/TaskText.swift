import FunctionRuntime
import HTTPTypes

/// The one rule for text a client sends task-crud (fields and search parameters): no control characters (C0, DEL,
/// C1), except line breaks and tabs where multi-line text makes sense (`description`). A NUL was stored whole and
/// read back cut, and `q=%00` matched every task (issue 11); other controls hide text from the people reading it.
enum TaskText {
    /// Returns `text` when it holds no control character.
    /// - Parameters:
    ///   - text: what the client sent.
    ///   - name: the field or parameter, for the message.
    ///   - multiline: true to allow `\n`, `\r` and `\t`.
    /// - Throws: `HTTPError` 400 naming the first control character.
    static func checked(_ text: String, _ name: String, multiline: Bool = false) throws -> String {
        for scalar in text.unicodeScalars where isControl(scalar) {
            if multiline && (scalar == "\n" || scalar == "\r" || scalar == "\t") { continue }
            throw HTTPError(
                .badRequest, message: "'\(name)' must not contain control characters (found \(codePoint(scalar)))")
        }
        return text
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    private static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
