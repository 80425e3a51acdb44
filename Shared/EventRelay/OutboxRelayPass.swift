package import FoundationEssentials

/// What one ``OutboxRelay/relayPass(markingFirst:continuing:)`` did.
package struct OutboxRelayPass: Sendable {
    /// How many events the pass published.
    package var published = 0
    /// The last batch's events: published, still under the pass's claim, not marked sent yet.
    package var unmarked: [UUID] = []
    /// When the oldest event the pass claimed was committed (nil when it claimed nothing): how far behind the
    /// relay is.
    package var oldestCreatedAt: Date?

    /// An empty pass.
    package init() {}
}
