import Annotations
import ArgumentParser
import Foundation

/// The annotations a pass reads and how many readers read them.
struct SampleInputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Annotation files or folders.", valueName: "annotations"))
    var annotations: [String] = []

    @Option(help: "Concurrent readers (default: all cores).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard !annotations.isEmpty else { throw ValidationError("give the annotation files or folders to sample from") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }

    /// Every annotation file given.
    func open() throws -> AnnotationSet {
        try AnnotationSet.open(annotations.map { URL(fileURLWithPath: $0) })
    }

    /// The files of this rank: a whole shard's annotations go to the rank that annotated it.
    func open(share ranks: RankOptions) throws -> AnnotationSet {
        let all = try open()
        let rank = try ranks.resolve()
        guard rank.world > 1 else { return all }
        let mine = all.files.filter { file in
            rank.owns(
                file.metadata[AnnotationMetadataKeys.inputLines].map { "\(file.inputPath)#\($0)" } ?? file.inputPath
            )
        }
        print("\(rank): \(mine.count) of \(all.files.count) annotation files")
        return try AnnotationSet(files: mine)
    }
}
