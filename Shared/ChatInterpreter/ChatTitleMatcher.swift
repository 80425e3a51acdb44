/// Finds tasks by a title as the user typed it: word by word, each query word matching a title word within a
/// Damerau-Levenshtein distance that grows with its length (0 for one letter, 1 up to 5, else 2) or as a prefix
/// of at least 3 letters. An exact title wins; otherwise the closest full match, or every tie when several are
/// equally close (the caller then asks which one).
enum ChatTitleMatcher {
    /// Words that say nothing about which task is meant.
    static let noise: Set<String> = ["the", "a", "an", "my", "task", "todo", "to-do", "item", "one"]

    /// The tasks `query` names, best first; more than one means the request is ambiguous.
    static func find(_ query: String, in tasks: [ChatTask]) -> [ChatTask] {
        let wanted = words(query)
        guard !wanted.isEmpty else { return [] }
        let exact = tasks.filter { words($0.title) == wanted }
        if !exact.isEmpty { return exact }
        let scored = tasks.compactMap { task in cost(wanted, words(task.title)).map { (task, $0) } }
        guard let best = scored.map(\.1).min() else { return [] }
        return scored.filter { $0.1 == best }.map(\.0)
    }

    /// The normalised words of a text: lower case, letters and digits only, noise words dropped.
    static func words(_ text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
            .filter { !noise.contains($0) }
    }

    /// The total distance of the query's words to their closest title words, nil when one has no close word.
    static func cost(_ query: [String], _ title: [String]) -> Int? {
        var total = 0
        for word in query {
            let allowed = word.count <= 1 ? 0 : word.count <= 5 ? 1 : 2
            var best = Int.max
            for candidate in title {
                if candidate == word { best = 0 }
                if word.count >= 3, candidate.hasPrefix(word) { best = min(best, 1) }
                let distance = damerauLevenshtein(Array(word), Array(candidate), limit: allowed)
                if distance <= allowed { best = min(best, distance * 2) }
            }
            guard best != Int.max else { return nil }
            total += best
        }
        return total
    }

    /// The optimal-string-alignment distance (adjacent transpositions count 1), or `limit + 1` once it must exceed
    /// `limit`.
    static func damerauLevenshtein(_ a: [Character], _ b: [Character], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                var value = min(previous[j] + 1, current[j - 1] + 1, substitution)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { value = min(value, previous2[j - 2] + 1) }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return limit + 1 }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
