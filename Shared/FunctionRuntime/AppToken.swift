import HTTPTypes

/// The check Dapr-facing routes apply when `APP_API_TOKEN` is set.
enum AppToken {
    /// Whether `presented` equals `expected`, in constant time (`ConstantTime.matches`).
    static func matches(_ presented: String?, _ expected: [UInt8]) -> Bool {
        ConstantTime.matches(presented, expected)
    }
}
