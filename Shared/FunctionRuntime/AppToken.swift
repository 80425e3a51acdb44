/// The check Dapr-facing routes apply when `APP_API_TOKEN` is set.
enum AppToken {
    /// Whether `presented` equals `expected`, comparing every byte whatever the first difference, so the time
    /// taken does not reveal how much of a guess was right.
    static func matches(_ presented: String?, _ expected: [UInt8]) -> Bool {
        guard let presented else { return false }
        var difference = UInt8(presented.utf8.count == expected.count ? 0 : 1)
        var index = 0
        for byte in presented.utf8 {
            difference |= byte ^ expected[index % max(expected.count, 1)]
            index += 1
        }
        return difference == 0 && !expected.isEmpty
    }
}
