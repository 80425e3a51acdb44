import FoundationEssentials
import HTTPTypes
import Testing

/// What the probes send and check, shared by every suite of the attack tests.
enum Probe {
    /// A `task.deleted` CloudEvent for `user` naming `subject`, as an attacker would forge it.
    static func forgedEvent(user: String = "alice", subject: String = UUID().uuidString.lowercased()) -> String {
        """
        {"specversion":"1.0","id":"forged-\(UUID().uuidString.lowercased())","source":"/task-crud",\
        "type":"com.todo.task.deleted.v1","datacontenttype":"application/json","subject":"\(subject)",\
        "data":{"userId":"\(user)","taskId":"\(subject)"}}
        """
    }

    /// libcurl's own words (`curl_easy_strerror` texts a forwarded request could fail with).
    static let libcurlPhrases = [
        "curl", "URL using bad/illegal format", "Malformed input to a URL function", "Empty reply from server",
        "Couldn't connect", "Failure when receiving", "Failed sending", "Timeout was reached",
    ]

    /// Whether `body` carries any of `libcurlPhrases`.
    static func leaksClientText(_ body: String) -> Bool {
        libcurlPhrases.contains { body.lowercased().contains($0.lowercased()) }
    }

    /// Expects `response` to have `status` and, for a JSON answer, an error body (daprd's `errorCode`/`message`
    /// or the house `{"error":{"message"}}`); `label` names the probe in a failure.
    static func expect(
        _ response: HTTPResponse, _ status: Int, _ label: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let text = String(decoding: response.body, as: UTF8.self)
        #expect(response.status.code == status, "\(label): \(response.status.code) \(text)", sourceLocation: sourceLocation)
        if response.headers["Content-Type"]?.hasPrefix("application/json") == true {
            #expect(
                text.contains("\"message\""), "\(label): the JSON error has no message: \(text)",
                sourceLocation: sourceLocation)
        }
    }

    /// Expects a raw response to be `status` with a JSON error body that says nothing of the HTTP client inside.
    static func expect(
        _ response: RawResponse, _ status: Int, _ label: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(response.status == status, "\(label): \(response.head) \(response.body)", sourceLocation: sourceLocation)
        #expect(response.body.contains(#""message""#), "\(label): \(response.body)", sourceLocation: sourceLocation)
        #expect(!leaksClientText(response.body), "\(label): \(response.body)", sourceLocation: sourceLocation)
    }
}
