import JSON

extension CloudEventError: JSONScanFailure {
    /// A JSON failure at byte `offset`: `invalidJSON`, "invalid JSON at byte N: message".
    package init(jsonOffset offset: Int, message: String) {
        self.init(.invalidJSON, "invalid JSON at byte \(offset): \(message)")
    }
}

/// The one JSON scanner (`Shared/JSON`), failing with `CloudEventError.invalidJSON`.
typealias JSONScanner = JSON.JSONScanner<CloudEventError>
