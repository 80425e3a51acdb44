import LiveUpdates
import Testing

@Suite("LiveUpdates: appending to a stored history as bytes")
struct LiveHistoryRawTests {
    private func event(_ id: String) -> [UInt8] {
        Array(#"{"specversion":"1.0","id":"\#(id)","type":"todo.task.created.v1","data":{"title":"a \"b\" [c], {d}"}}"#.utf8)
    }

    @Test("appendingRaw gives the bytes encode(appending(decode)) gives, from empty through past the limit")
    func sameBytes() throws {
        var stored: [UInt8] = []
        var items: [LiveEvent] = []
        for seq in 1...7 {
            let next = LiveEvent(seq: Int64(seq), event: event("e\(seq)"))
            stored = try LiveHistory.appendingRaw(next, to: stored, limit: 4)
            items = LiveHistory.appending(next, to: items, limit: 4)
            #expect(stored == LiveHistory.encode(items))
        }
        #expect(try LiveHistory.decode(stored).map(\.seq) == [4, 5, 6, 7])
        // A history written with spaces (another writer) is read as it is.
        let spaced = Array(#" [ {"seq":1,"event":{"id":"x"}} ] "#.utf8)
        let appended = try LiveHistory.appendingRaw(LiveEvent(seq: 2, event: event("y")), to: spaced)
        #expect(try LiveHistory.decode(appended).map(\.seq) == [1, 2])
        #expect(throws: LiveFormatError.self) {
            try LiveHistory.appendingRaw(LiveEvent(seq: 1, event: event("z")), to: Array("{}".utf8))
        }
    }

    @Test("mayContain is false only when the quoted id is nowhere in the history")
    func mayContain() throws {
        let stored = LiveHistory.encode([LiveEvent(seq: 1, event: event("abc"))])
        #expect(LiveHistory.mayContain(eventID: "abc", in: stored))
        #expect(!LiveHistory.mayContain(eventID: "ab", in: stored))
        #expect(!LiveHistory.mayContain(eventID: "abcd", in: stored))
        #expect(!LiveHistory.mayContain(eventID: "abc", in: []))
    }
}
