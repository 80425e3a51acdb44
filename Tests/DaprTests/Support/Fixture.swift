import FoundationEssentials

/// Reads `Tests/DaprTests/Fixtures/<name>` next to this file (no `Bundle.module` with FoundationEssentials).
enum Fixture {
    static func bytes(_ name: String, filePath: String = #filePath) throws -> [UInt8] {
        let directory = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        return Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }
}
