import Annotations

/// One row group of one annotation file: the unit of work of both sampling passes.
struct AnnotationRowGroup: Sendable {
    let fileIndex: Int
    let rowGroup: Int

    /// Every row group of `files`, in the files' canonical order.
    static func all(_ files: [AnnotationFile]) -> [AnnotationRowGroup] {
        files.enumerated().flatMap { index, file in
            (0..<file.rowGroupCount).map { AnnotationRowGroup(fileIndex: index, rowGroup: $0) }
        }
    }
}
