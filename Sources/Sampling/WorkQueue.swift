/// Hands out item indices to workers that pull them, so fast workers take more.
actor WorkQueue {
    private var next = 0
    private let count: Int

    init(count: Int) {
        self.count = count
    }

    func take() -> Int? {
        guard next < count else { return nil }
        defer { next += 1 }
        return next
    }
}
