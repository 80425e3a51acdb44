/// A message cut into words: each keeps its text as typed (for titles) and a key to match on (lower case, without
/// surrounding punctuation or quotes; a leading `#` or `!` stays, as it marks a tag or a priority).
struct ChatWords: Sendable {
    /// The words as typed.
    var text: [String]
    /// The match keys.
    var keys: [String]

    init(_ message: String) {
        text = message.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        keys = text.map(Self.key)
    }

    private init(text: [String], keys: [String]) {
        self.text = text
        self.keys = keys
    }

    var count: Int { keys.count }

    /// The key at `index`, or "" past the end.
    subscript(_ index: Int) -> String { index >= 0 && index < keys.count ? keys[index] : "" }

    /// The words from `start` on.
    func dropping(_ start: Int) -> ChatWords {
        let start = min(start, count)
        return ChatWords(text: Array(text[start...]), keys: Array(keys[start...]))
    }

    /// The words `range`.
    func slice(_ range: Range<Int>) -> ChatWords {
        ChatWords(text: Array(text[range]), keys: Array(keys[range]))
    }

    /// Whether the words at `index` are `phrase` (space-separated keys).
    func matches(_ phrase: String, at index: Int) -> Bool {
        let parts = phrase.split(separator: " ")
        guard index + parts.count <= count else { return false }
        return parts.indices.allSatisfy { keys[index + $0] == parts[$0] }
    }

    /// The first index at or after `start` where `phrase` occurs.
    func index(of phrase: String, from start: Int = 0) -> Int? {
        (max(start, 0)..<max(count, max(start, 0))).first { matches(phrase, at: $0) }
    }

    /// The typed text of the words, joined by spaces.
    var joined: String { text.joined(separator: " ") }

    static func key(_ word: String) -> String {
        var scalars = Substring(word.lowercased())
        let trailing: Set<Character> = [".", ",", "!", "?", ";", ":", "\"", "'", ")", "\u{201D}", "\u{2019}"]
        let leading: Set<Character> = ["\"", "'", "(", "\u{201C}", "\u{2018}"]
        while let last = scalars.last, trailing.contains(last), scalars.count > 1 { scalars.removeLast() }
        while let first = scalars.first, leading.contains(first), scalars.count > 1 { scalars.removeFirst() }
        return String(scalars).replacing("\u{2019}", with: "'")
    }
}
