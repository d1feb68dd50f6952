import Foundation
import Parquet
import TestServerSupport
import Testing

/// `--reasks N` through the command line: a document whose answer never parses is asked N + 1 times
/// and then becomes an error row that says how often it was asked; every other document once.
@Suite struct ReaskTests {
    @Test(arguments: [0, 2])
    func anUnparsableAnswerIsAskedReasksPlusOneTimes(reasks: Int) throws {
        let scratch = try Scratch()
        try scratch.corpus(shards: 1, perShard: 40)
        let server = try TestServer(["--never-valid-every", "5"])
        defer { server.stop() }
        let out = scratch.folder("out")
        let run = try CLI.run(
            [
                "annotate", scratch.shards.path, "--out", out.path, "--rater", "dataman", "--endpoint",
                server.endpoint.absoluteString, "--model", "DataMan-1.5B-EN", "--tokenizer", "estimate", "-q",
                "--reasks", String(reasks),
            ],
            log: scratch.folder("log")
        )
        #expect(run.status == 0, "\(run.stderr)")
        let file = try #require(
            try FileManager.default.contentsOfDirectory(atPath: out.path).first { $0.hasSuffix(".parquet") }
        )
        guard case .string(let errors) = try ParquetReader(url: out.appendingPathComponent(file)).read(column: "error")
        else {
            Issue.record("the error column is not a string column")
            return
        }
        let failed = errors.compactMap { $0 }
        #expect(errors.count == 40 && !failed.isEmpty && failed.count < 40)
        let asked = reasks == 0 ? "(asked once)" : "(asked \(reasks + 1) times)"
        #expect(failed.allSatisfy { $0.contains(asked) }, "\(failed.first ?? "")")
        #expect(try server.stats().requests == 40 + failed.count * reasks)
    }
}
