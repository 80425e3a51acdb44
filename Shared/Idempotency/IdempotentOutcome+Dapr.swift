package import DaprSubscriber

extension IdempotentOutcome {
    /// What a subscriber tells daprd: `.inProgress` → RETRY (another delivery holds the claim), else SUCCESS.
    package var eventStatus: DaprEventStatus {
        if case .inProgress = self { return .retry }
        return .success
    }
}
