import FoundationEssentials
import FunctionRuntime
import HTTPTypes
import Testing

@Suite("typed query values")
struct QueryValueTests {
    @Test("dates and bounded integers parse; absent is nil; bad values are a 400 naming the parameter")
    func queryValues() throws {
        let request = HTTPRequest(method: .get, target: "/x?from=2026-01-31T09:00:00Z&limit=20&bad=yesterday&big=5000")
        #expect(try request.queryDate("from") == Date(timeIntervalSince1970: 1_769_850_000))
        #expect(try request.queryInteger("limit", in: 1...1000) == 20)
        #expect(try request.queryDate("to") == nil)
        #expect(try request.queryInteger("absent", in: 1...10) == nil)
        let badDate = try #require(throws: HTTPError.self) { try request.queryDate("bad") }
        #expect(badDate.status == .badRequest && badDate.message.hasPrefix("bad "))
        let badInteger = try #require(throws: HTTPError.self) { try request.queryInteger("big", in: 1...1000) }
        #expect(badInteger.message == "big must be a whole number 1-1000")
    }
}
