/// The folded form of task text that search and the title sort compare: lower case (Unicode's full mapping), with
/// accents and other combining marks removed, so `Crème brûlée`, `CREME BRULEE` and `creme brulee` are equal.
///
/// Computed here in Swift, stored beside the text on every write (`tasks.title_folded`, `tasks.description_folded`)
/// and applied to the query, so SQLite and PostgreSQL match the same way without a database extension
/// (`unaccent`, ICU). Rules:
/// - letters are lowercased first (`İ` becomes `i` + a combining dot, the dot is then dropped: `İstanbul` → `istanbul`;
///   the dotless `ı` folds to `i`);
/// - combining marks (U+0300–U+036F) are dropped, so decomposed input (`e` + U+0301) folds like precomposed `é`;
/// - the precomposed letters of Latin-1 Supplement and Latin Extended-A (and Romanian `ș`, `ț`) fold to their base
///   letters; `ß` → `ss`, `æ` → `ae`, `œ` → `oe`, `ø` → `o`, `ł` → `l`, `đ`/`ð` → `d`, `þ` → `th`;
/// - every other character is kept as lowercased (Greek, Cyrillic, CJK: case-insensitive, accents kept).
package enum SearchFolding {
    /// `text` folded.
    package static func fold(_ text: String) -> String {
        var folded = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars {
            if (0x300...0x36F).contains(scalar.value) { continue }
            if let base = table[scalar] {
                folded.append(contentsOf: base.unicodeScalars)
            } else {
                folded.append(scalar)
            }
        }
        return String(folded)
    }

    /// Base letters by precomposed lowercase letter.
    private static let table: [Unicode.Scalar: String] = {
        let groups: [(String, String)] = [
            ("àáâãäåāăą", "a"), ("çćĉċč", "c"), ("ďđð", "d"), ("èéêëēĕėęě", "e"), ("ĝğġģ", "g"), ("ĥħ", "h"),
            ("ìíîïĩīĭįı", "i"), ("ĵ", "j"), ("ķ", "k"), ("ĺļľŀł", "l"), ("ñńņňŉ", "n"), ("òóôõöøōŏő", "o"),
            ("ŕŗř", "r"), ("śŝşšſș", "s"), ("ţťŧț", "t"), ("ùúûüũūŭůűų", "u"), ("ŵ", "w"), ("ýÿŷ", "y"),
            ("źżž", "z"), ("ß", "ss"), ("æ", "ae"), ("œ", "oe"), ("þ", "th"), ("ĳ", "ij"),
        ]
        var table: [Unicode.Scalar: String] = [:]
        for (letters, base) in groups {
            for scalar in letters.unicodeScalars { table[scalar] = base }
        }
        return table
    }()
}
