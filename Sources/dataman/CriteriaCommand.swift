import ArgumentParser
import Criteria
import Foundation

struct CriteriaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "criteria",
        abstract: "Print the 14 quality criteria, the 15 domains and the version hash of the criteria folder.",
        discussion: """
            The criteria, domains, prompt templates and the heuristic rater's rules are data in the \
            criteria/ folder; its version hash goes into every annotation file's provenance.
            """
    )

    @Option(
        name: .customLong("criteria"),
        help: ArgumentHelp("A criteria folder to load instead of the bundled one.", valueName: "dir")
    )
    var criteriaFolder: String?

    @Flag(help: "Print JSON instead of tables.")
    var json = false

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        logging.bootstrap()
        let set = try loadCriteria(criteriaFolder)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            struct Listing: Encodable {
                let version: String
                let criteria: [Criterion]
                let domains: [Domain]
            }
            print(
                String(
                    decoding: try encoder.encode(
                        Listing(version: set.versionHash, criteria: set.criteria, domains: set.domains)
                    ),
                    as: UTF8.self
                )
            )
            return
        }
        print("criteria version \(set.versionHash) (\(set.directory.path))\n")
        print("#   column                      name (zh)")
        for criterion in set.criteria {
            let number = String(criterion.number).padding(toLength: 4, withPad: " ", startingAt: 0)
            let column = criterion.column.padding(toLength: 28, withPad: " ", startingAt: 0)
            print("\(number)\(column)\(criterion.name) (\(criterion.nameZh))")
            print("                                \(criterion.definition)")
        }
        print("\ndomains: " + set.domains.map { "[\($0.letter)] \($0.name) (\($0.nameZh))" }.joined(separator: "  "))
    }
}

func loadCriteria(_ folder: String?) throws -> CriteriaSet {
    do {
        return try CriteriaSet.load(from: folder.map { URL(fileURLWithPath: $0) })
    } catch let error as CriteriaError {
        throw ValidationError(error.description)
    }
}
