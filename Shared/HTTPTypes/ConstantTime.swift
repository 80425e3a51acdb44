/// Secret comparison that takes the same time whatever the first difference, so timing does not reveal how much
/// of a guessed token was right. Used for the Dapr API token and the app token.
package enum ConstantTime {
    /// Whether `presented` equals `expected` (never true for an empty `expected`), comparing every byte.
    package static func matches(_ presented: String?, _ expected: [UInt8]) -> Bool {
        guard let presented, !expected.isEmpty else { return false }
        var difference = UInt8(presented.utf8.count == expected.count ? 0 : 1)
        var index = 0
        for byte in presented.utf8 {
            difference |= byte ^ expected[index % expected.count]
            index += 1
        }
        return difference == 0
    }
}
