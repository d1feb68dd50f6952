/// The requested paths merged key by key, so that one object's keys are compared once against the keys that
/// continue some path at that depth, however many paths there are.
struct PathTrie {
    struct Node {
        /// The keys continuing some path from here, and the node each leads to.
        var keys: [[UInt8]] = []
        var children: [Int] = []
        /// The paths (by their index in the request) that end at this node.
        var ending: [Int] = []
        /// The paths that end here or below: a repeated key resets them all.
        var below: [Int] = []
    }

    /// The root is node 0.
    private(set) var nodes = [Node()]

    init(_ paths: [FieldPath]) {
        for (slot, path) in paths.enumerated() {
            var node = 0
            nodes[node].below.append(slot)
            for key in path.keys {
                node = child(of: node, key: key)
                nodes[node].below.append(slot)
            }
            nodes[node].ending.append(slot)
        }
    }

    private mutating func child(of node: Int, key: [UInt8]) -> Int {
        if let index = nodes[node].keys.firstIndex(of: key) { return nodes[node].children[index] }
        nodes.append(Node())
        nodes[node].keys.append(key)
        nodes[node].children.append(nodes.count - 1)
        return nodes.count - 1
    }
}
