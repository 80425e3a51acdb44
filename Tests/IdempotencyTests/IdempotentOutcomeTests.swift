import DaprSubscriber
import Idempotency
import Testing

@Suite("IdempotentOutcome")
struct IdempotentOutcomeTests {
    @Test("maps to the subscriber's answer: in progress → RETRY, performed or already done → SUCCESS")
    func eventStatus() {
        #expect(IdempotentOutcome<Int>.performed(1).eventStatus == .success)
        #expect(IdempotentOutcome<Int>.alreadyDone.eventStatus == .success)
        #expect(IdempotentOutcome<Int>.inProgress.eventStatus == .retry)
    }
}
