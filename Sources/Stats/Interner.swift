/// Maps the strings of a column (domains, sources) to small integers, so per-row work indexes
/// arrays instead of hashing strings. Annotation columns repeat one value for long runs, so the
/// last string is checked first.
struct Interner {
    private(set) var names: [String] = []
    private var codes: [String: Int] = [:]
    private var lastName = ""
    private var lastCode = -1

    mutating func code(_ name: String) -> Int {
        if lastCode >= 0, name == lastName { return lastCode }
        let code: Int
        if let known = codes[name] {
            code = known
        } else {
            code = names.count
            names.append(name)
            codes[name] = code
        }
        lastName = name
        lastCode = code
        return code
    }
}
