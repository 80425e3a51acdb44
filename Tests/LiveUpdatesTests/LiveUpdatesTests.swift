import LiveUpdates
import Testing

@Suite("LiveUpdates: the replay history, push and presence formats shared by ws-fanout and ws-gateway")
struct LiveUpdatesTests {
    private let event = Array(
        #"{"specversion":"1.0","id":"e1","type":"todo.task.created.v1","data":{"title":"a \"b\" [c]"}}"#.utf8)

    @Test("a history slot round-trips the event bytes as they were; bad items are refused")
    func historySlot() throws {
        let item = LiveEvent(seq: 42, event: event)
        #expect(try LiveEvent(itemJSON: item.itemJSON) == item)
        #expect(try LiveEvent(itemJSON: Array(#" { "event" : {"id":"x"} , "seq" : 7 } "#.utf8)).seq == 7)
        #expect(throws: LiveFormatError.self) { try LiveEvent(itemJSON: Array(#"{"seq":0,"event":{}}"#.utf8)) }
        #expect(throws: LiveFormatError.self) { try LiveEvent(itemJSON: Array(#"{"seq":1,"event":"x"}"#.utf8)) }
        #expect(throws: LiveFormatError.self) { try LiveEvent(itemJSON: Array(#"{"seq":1,"event":{"a":1}"#.utf8)) }
    }

    @Test("the history is one slot per seq mod the limit; an event id remembers its seq")
    func keys() {
        #expect(LiveState.eventKey("alice", seq: 1) == "live:alice:event:1")
        #expect(LiveState.eventKey("alice", seq: 1001) == LiveState.eventKey("alice", seq: 1))
        #expect(LiveState.eventKey("alice", seq: 1000) == "live:alice:event:0")
        #expect(LiveState.eventIDKey("alice", eventID: "e1") == "live:alice:id:e1")
        #expect(LiveState.eventIDKey("alice", eventID: "a||b%7C") == "live:alice:id:a%7C%7Cb%257C")
        #expect(LiveState.seqKey("alice") == "live:alice:seq")
    }

    @Test("a push body names the user, the seq and the event")
    func push() throws {
        let push = LivePush(userID: "al\"ice", event: LiveEvent(seq: 43, event: event))
        #expect(try LivePush(json: push.json) == push)
        let sent = try LivePush(json: Array(#" {"event": {"id":"x"}, "seq": 7, "userId": "bob"} "#.utf8))
        #expect(sent.userID == "bob" && sent.event.seq == 7 && sent.event.event == Array(#"{"id":"x"}"#.utf8))
        #expect(throws: LiveFormatError.self) { try LivePush(json: Array(#"{"seq":7,"event":{}}"#.utf8)) }
    }

    @Test("presence lists the replicas whose entry has not expired")
    func presence() throws {
        let presence = LivePresence(replicas: ["http://10.0.0.1:8080": 2000, "http://10.0.0.2:8080": 500])
        let decoded = try LivePresence(json: presence.json)
        #expect(decoded == presence)
        #expect(decoded.live(at: 1000) == ["http://10.0.0.1:8080"])
        #expect(
            String(decoding: presence.json, as: UTF8.self)
                == #"{"replicas":{"http://10.0.0.1:8080":2000,"http://10.0.0.2:8080":500}}"#)
    }

    @Test("frames for the browser are the agreed JSON")
    func frames() {
        #expect(
            String(decoding: LiveFrames.hello(userID: "alice", latestSeq: 42), as: UTF8.self)
                == #"{"type":"hello","userId":"alice","latestSeq":42}"#)
        #expect(String(decoding: LiveFrames.resync(latestSeq: 9), as: UTF8.self) == #"{"type":"resync","latestSeq":9}"#)
        #expect(
            String(decoding: LiveFrames.event(LiveEvent(seq: 43, event: Array("{}".utf8))), as: UTF8.self)
                == #"{"type":"event","seq":43,"event":{}}"#)
    }
}
