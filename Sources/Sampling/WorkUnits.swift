import Annotations

/// One row group of one annotation file: the unit of work of both passes.
struct WorkUnit: Sendable {
    let fileIndex: Int
    let rowGroup: Int

    /// Every row group of `files`, in the files' canonical order.
    static func all(_ files: [AnnotationFile]) -> [WorkUnit] {
        files.enumerated().flatMap { index, file in
            (0..<file.rowGroupCount).map { WorkUnit(fileIndex: index, rowGroup: $0) }
        }
    }
}

enum Concurrently {
    /// Runs `work` over `count` items on up to `width` tasks and hands the results to `consume`
    /// in item order, holding at most about 2 × width results at once.
    static func map<T: Sendable>(
        count: Int,
        width: Int,
        _ work: @escaping @Sendable (Int) throws -> T,
        consume: (Int, T) throws -> Void
    ) async throws {
        try await withThrowingTaskGroup(of: (Int, T).self) { group in
            var nextToStart = 0
            var nextToConsume = 0
            var inFlight = 0
            var finished: [Int: T] = [:]
            func startMore() {
                while nextToStart < count, inFlight < width, nextToStart - nextToConsume < 2 * width {
                    let item = nextToStart
                    group.addTask { (item, try work(item)) }
                    nextToStart += 1
                    inFlight += 1
                }
            }
            startMore()
            while nextToConsume < count {
                // Whenever nothing is in flight, every started item has finished, so the next one to consume is ready.
                guard let (item, result) = try await group.next() else { break }
                inFlight -= 1
                finished[item] = result
                while let ready = finished.removeValue(forKey: nextToConsume) {
                    try consume(nextToConsume, ready)
                    nextToConsume += 1
                }
                startMore()
            }
        }
    }
}

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
