import DaprResources
import FoundationEssentials
import Testing

/// Bad input never crashes: mutated real files, garbage and alias bombs give a `ResourceError` or a valid result.
@Suite struct RobustnessTests {
    /// A small deterministic generator, so a failure reproduces.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    @Test("thousands of mutations of the project's resource files never crash the loader")
    func mutations() throws {
        let root = ResourceLoaderTests.root
        let texts = try ["components/pubsub.yaml", "components/statestore.yaml", "config.yaml", "resiliency.yaml"].map {
            String(decoding: try Data(contentsOf: URL(filePath: "\(root)/dapr/\($0)")), as: UTF8.self)
        }
        let alphabet = Array(":-[]{}&*!|>'\"#,?% \n\tab0.".utf8)
        var generator = Generator(state: 42)
        var accepted = 0
        var rejected = 0
        for iteration in 0..<3_000 {
            var bytes = Array(texts[iteration % texts.count].utf8)
            for _ in 0..<(1 + generator.next(4)) {
                let position = generator.next(bytes.count)
                switch generator.next(3) {
                case 0: bytes.remove(at: position)
                case 1: bytes.insert(alphabet[generator.next(alphabet.count)], at: position)
                default: bytes[position] = alphabet[generator.next(alphabet.count)]
                }
            }
            do {
                _ = try ResourceLoader.parse(String(decoding: bytes, as: UTF8.self), path: "mutant.yaml")
                accepted += 1
            } catch {
                #expect(!error.description.isEmpty && error.path == "mutant.yaml")
                rejected += 1
            }
        }
        #expect(accepted > 0 && rejected > 0)
    }

    @Test("an alias bomb is refused instead of expanding")
    func aliasBomb() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            yaml += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        #expect {
            try ResourceLoader.parse(yaml, path: "bomb.yaml")
        } throws: { error in
            (error as? ResourceError)?.description.contains("aliases expand to more than") == true
        }
    }

    @Test("random bytes are rejected or ignored, never a crash")
    func garbage() {
        var generator = Generator(state: 7)
        for _ in 0..<500 {
            let bytes = (0..<generator.next(200)).map { _ in UInt8(generator.next(256)) }
            _ = try? ResourceLoader.parse(String(decoding: bytes, as: UTF8.self), path: "garbage.yaml")
        }
    }
}
