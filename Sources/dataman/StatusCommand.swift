import ArgumentParser
import Foundation
import Pipeline

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show how far an annotate run has got: units done, running, failed and missing, per rank.",
        discussion: """
            Reads every rank's manifest in OUT (_dataman.json, _dataman.rank-IIII-of-NNNN.json), asks \
            each rank's lock whether a process holds it, and lists the inputs the manifests name \
            again, so shards no rank has started show as missing. A rank is
              finished     it ran to its end (with failures: some shards could not be read)
              running      a process holds its lock now
              stopped      it was stopped by a signal
              died         its manifest says running but nobody holds its lock: rerun that rank
              not started  it has written nothing yet
            Rerunning a rank's command (the same --rank/--world, or the same Slurm array task) \
            resumes it. The exit status is 0 when every shard is done, 3 when work remains.

            Examples:
              dataman status ann
              dataman status ann --json | jq '.ranks[] | select(.state == "died") | .rank'
            """
    )

    @Argument(help: ArgumentHelp("The output folder of `dataman annotate`.", valueName: "out"))
    var out: String

    @Flag(help: "Print the status as JSON.")
    var json = false

    @Option(help: ArgumentHelp("Missing and failed shards listed per rank at most.", valueName: "n"))
    var list = 5

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        logging.bootstrap()
        let status = try RunStatus.read(folder: URL(fileURLWithPath: out))
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(status), as: UTF8.self))
        } else {
            print(render(status))
        }
        if !status.isComplete { throw ExitCode(3) }
    }

    func render(_ status: RunStatus) -> String {
        var lines = [
            "\(out): \(status.shards) shards in \(status.inputs.joined(separator: ", ")), "
                + (status.world == 1 ? "one process" : "\(status.world) ranks (\(status.rankOrigin))")
        ]
        lines += status.warnings.map { "warning: \($0)" }
        lines.append(
            pad("rank", 5) + pad("state", 16) + pad("done", 7, right: true) + pad("running", 9, right: true)
                + pad("failed", 8, right: true) + pad("missing", 9, right: true) + pad("rows", 11, right: true)
                + pad("errors", 9, right: true)
        )
        for rank in status.ranks {
            lines.append(
                pad("\(rank.rank)", 5) + pad(rank.state, 16) + pad("\(rank.done)", 7, right: true)
                    + pad(rank.running == nil ? "0" : "1", 9, right: true) + pad("\(rank.failed.count)", 8, right: true)
                    + pad("\(rank.missing.count)", 9, right: true) + pad("\(rank.rows)", 11, right: true)
                    + pad("\(rank.errors)", 9, right: true)
            )
        }
        let sum = { (value: (RunStatus.Rank) -> Int) in status.ranks.reduce(0) { $0 + value($1) } }
        lines.append(
            pad("all", 21) + pad("\(sum { $0.done })", 7, right: true)
                + pad("\(sum { $0.running == nil ? 0 : 1 })", 9, right: true)
                + pad("\(sum { $0.failed.count })", 8, right: true) + pad("\(sum { $0.missing.count })", 9, right: true)
                + pad("\(sum { $0.rows })", 11, right: true) + pad("\(sum { $0.errors })", 9, right: true)
        )
        for split in status.splitShards {
            lines.append(
                "split \(split.shard): \(split.piecesDone) pieces done, \(split.complete ? "complete" : "not complete")"
            )
        }
        for rank in status.ranks {
            if let holder = rank.holder, let running = rank.running {
                lines.append("rank \(rank.rank) is annotating \(running) (\(holder))")
            }
            for (shard, reason) in rank.failed.sorted(by: { $0.key < $1.key }).prefix(list) {
                lines.append("rank \(rank.rank) failed \(shard): \(reason)")
            }
            if !rank.missing.isEmpty {
                let shown = rank.missing.sorted().prefix(list).joined(separator: ", ")
                lines.append(
                    "rank \(rank.rank) missing \(rank.missing.count): \(shown)\(rank.missing.count > list ? ", …" : "")"
                )
            }
            if rank.state == "died" || rank.state == "stopped" {
                lines.append(
                    "rank \(rank.rank) \(rank.state): rerun it (the same --rank \(rank.rank) --world \(status.world), or its Slurm array task) to resume"
                )
            }
        }
        lines.append(status.isComplete ? "complete" : "not complete")
        return lines.joined(separator: "\n")
    }

    private func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let space = String(repeating: " ", count: max(0, width - text.count))
        return right ? space + text : text + space
    }
}
