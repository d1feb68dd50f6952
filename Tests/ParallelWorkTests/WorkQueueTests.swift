import Synchronization
import Testing

@testable import ParallelWork

@Suite struct WorkQueueTests {
    @Test func concurrentWorkersTakeEveryIndexExactlyOnce() async {
        let queue = WorkQueue(count: 10_000)
        let taken = await withTaskGroup(of: [Int].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var mine: [Int] = []
                    while let index = queue.take() { mine.append(index) }
                    return mine
                }
            }
            var all: [Int] = []
            for await part in group { all += part }
            return all
        }
        #expect(taken.sorted() == Array(0..<10_000))
        #expect(queue.take() == nil)
    }
}
