/// What an output binding answered: daprd's 200 body and `metadata.*` headers, or nothing (204).
package struct DaprBindingResponse: Sendable, Hashable {
    /// The component's response data; empty when daprd answered 204.
    package var data: [UInt8]
    /// Response metadata, without the `metadata.` prefix.
    package var metadata: [String: String]

    /// Creates a response.
    package init(data: [UInt8] = [], metadata: [String: String] = [:]) {
        self.data = data
        self.metadata = metadata
    }
}
