/// Builds `YAMLNode` trees from parser events, without recursion, resolving anchors and aliases.
struct YAMLTreeBuilder {
    /// One parser event, free of C types.
    enum Event {
        case documentStart, documentEnd, collectionEnd, ignored
        case alias(String, YAMLMark)
        case scalar(String, plain: Bool, anchor: String?, YAMLMark)
        case sequenceStart(anchor: String?, YAMLMark)
        case mappingStart(anchor: String?, YAMLMark)
    }

    private struct Frame {
        var isMapping: Bool
        var anchor: String?
        var mark: YAMLMark
        var children: [YAMLNode] = []
        var weight = 1
    }

    /// A document whose aliases expand to more nodes than this is refused ("billion laughs").
    static let maximumNodes = 1_000_000

    /// The finished documents' root nodes.
    private(set) var documents: [YAMLNode] = []
    private let path: String
    private var stack: [Frame] = []
    private var anchors: [String: (node: YAMLNode, weight: Int)] = [:]
    private var root: YAMLNode?

    init(path: String) {
        self.path = path
    }

    /// Feeds one event.
    /// - Throws: `ResourceError` for an unknown alias, nesting deeper than `YAMLParser.maximumDepth` or a document
    ///   expanding to more than `maximumNodes` nodes.
    mutating func consume(_ event: Event) throws(ResourceError) {
        switch event {
        case .documentStart:
            root = nil
            anchors = [:]
        case .documentEnd:
            documents.append(root ?? YAMLNode(.scalar("", plain: true), mark: YAMLMark(line: 1, column: 1)))
        case .ignored:
            break
        case .alias(let name, let mark):
            guard let anchored = anchors[name] else {
                throw ResourceError(.invalidYAML, "invalid YAML: unknown alias '*\(name)'", path: path, mark: mark)
            }
            try add(anchored.node, weight: anchored.weight, mark: mark)
        case .scalar(let text, let plain, let anchor, let mark):
            let node = YAMLNode(.scalar(text, plain: plain), mark: mark)
            if let anchor { anchors[anchor] = (node, 1) }
            try add(node, weight: 1, mark: mark)
        case .sequenceStart(let anchor, let mark), .mappingStart(let anchor, let mark):
            guard stack.count < YAMLParser.maximumDepth else {
                throw ResourceError(
                    .invalidYAML, "invalid YAML: nested deeper than \(YAMLParser.maximumDepth) levels", path: path, mark: mark)
            }
            var isMapping = false
            if case .mappingStart = event { isMapping = true }
            stack.append(Frame(isMapping: isMapping, anchor: anchor, mark: mark))
        case .collectionEnd:
            guard let frame = stack.popLast() else { return }
            let node: YAMLNode
            if frame.isMapping {
                let pairs = stride(from: 0, to: frame.children.count - 1, by: 2).map {
                    YAMLPair(key: frame.children[$0], value: frame.children[$0 + 1])
                }
                node = YAMLNode(.mapping(pairs), mark: frame.mark)
            } else {
                node = YAMLNode(.sequence(frame.children), mark: frame.mark)
            }
            if let anchor = frame.anchor { anchors[anchor] = (node, frame.weight) }
            try add(node, weight: frame.weight, mark: frame.mark)
        }
    }

    private mutating func add(_ node: YAMLNode, weight: Int, mark: YAMLMark) throws(ResourceError) {
        if stack.isEmpty {
            root = node
        } else {
            stack[stack.count - 1].children.append(node)
            stack[stack.count - 1].weight += weight
            guard stack[stack.count - 1].weight <= Self.maximumNodes else {
                throw ResourceError(
                    .invalidYAML, "invalid YAML: aliases expand to more than \(Self.maximumNodes) nodes", path: path, mark: mark)
            }
        }
    }
}
