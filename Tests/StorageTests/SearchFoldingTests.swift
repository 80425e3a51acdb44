import Storage
import Testing

@Suite("SearchFolding: the text search and the title sort compare")
struct SearchFoldingTests {
    @Test(
        "case and accents fold away; other scripts keep their letters",
        arguments: [
            ("Crème Brûlée", "creme brulee"), ("ZOË", "zoe"), ("Straße", "strasse"), ("İstanbul", "istanbul"),
            ("ıspanak", "ispanak"), ("Cafe\u{0301}", "cafe"), ("Ærøskøbing", "aeroskobing"), ("Łódź", "lodz"),
            ("Œuvre", "oeuvre"), ("Þing", "thing"), ("Șapte Țări", "sapte tari"), ("ΚΑΛΗΜΈΡΑ", "καλημέρα"),
            ("Привет", "привет"), ("東京", "東京"), ("100% done_ok", "100% done_ok"), ("", ""),
        ])
    func folds(text: String, folded: String) {
        #expect(SearchFolding.fold(text) == folded)
    }
}
