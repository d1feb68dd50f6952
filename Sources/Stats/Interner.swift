/// Maps the strings of a column (domains, sources) to small integers, so per-row work indexes
/// arrays instead of hashing strings. Such columns hold few distinct values, and comparing two
/// short Swift strings is far cheaper than hashing one, so the first values are found by a scan.
struct Interner {
    private(set) var names: [String] = []
    private var codes: [String: Int] = [:]
    private var lastCode = -1

    private static let scanned = 32

    mutating func code(_ name: String) -> Int {
        if lastCode >= 0, names[lastCode] == name { return lastCode }
        var found: Int?
        for index in 0..<min(names.count, Self.scanned) where names[index] == name {
            found = index
            break
        }
        if found == nil, names.count > Self.scanned { found = codes[name] }
        let code = found ?? add(name)
        lastCode = code
        return code
    }

    private mutating func add(_ name: String) -> Int {
        names.append(name)
        codes[name] = names.count - 1
        return names.count - 1
    }
}
