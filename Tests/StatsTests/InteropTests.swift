import Foundation
import Testing

@testable import Stats

/// The same statistics computed by DuckDB (python3 + duckdb) from the same files.
@Suite("agreement with DuckDB")
struct InteropTests {
    /// Histograms, means, quantile_disc, Pearson via corr(), Spearman as corr() of mid-ranks from
    /// window functions, and composition, as JSON on standard output.
    static let script = #"""
        import json, sys
        import duckdb
        criteria = sys.argv[2].split(",")
        con = duckdb.connect()
        con.execute(f"create view a as select * from read_parquet('{sys.argv[1]}/**/*.parquet')")
        one = lambda sql: con.execute(sql).fetchone()
        out = {}
        out["rows"], out["tokens"], out["errors"] = one("select count(*), sum(tokens)::bigint, count(error) from a")
        out["rated"] = one("select count(*) from a where " + " or ".join(f"{c} is not null" for c in criteria))[0]
        out["complete"] = one("select count(*) from a where " + " and ".join(f"{c} is not null" for c in criteria))[0]
        out["criteria"] = {}
        for c in criteria:
            docs, toks = [0] * 5, [0] * 5
            for rating, n, t in con.execute(f"select {c}, count(*), sum(tokens)::bigint from a where {c} is not null group by 1").fetchall():
                docs[rating - 1], toks[rating - 1] = n, t
            mean, qs = one(f"select avg({c}), quantile_disc({c}, [0.1, 0.25, 0.5, 0.75, 0.9]) from a")
            out["criteria"][c] = {"documents": docs, "tokens": toks, "mean": mean, "quantiles": qs}
        pairs = [(a, b) for i, a in enumerate(criteria) for b in criteria[i + 1:]]
        out["pearson"] = list(one("select " + ", ".join(f"corr({a}, {b})" for a, b in pairs) + " from a"))
        ranks = ", ".join(f"rank() over (order by {c}) + (count(*) over (partition by {c}) - 1) / 2.0 as {c}"
                          for c in criteria)
        complete = " and ".join(f"{c} is not null" for c in criteria)
        con.execute(f"create view r as select {ranks} from a where {complete}")
        out["spearman"] = list(one("select " + ", ".join(f"corr({a}, {b})" for a, b in pairs) + " from r"))
        out["domains"] = {d: [n, t] for d, n, t in con.execute(
            "select coalesce(domain, '(no domain)'), count(*), sum(tokens)::bigint from a group by 1").fetchall()}
        out["sources"] = {s: [n, t] for s, n, t in con.execute(
            "select source, count(*), sum(tokens)::bigint from a group by 1").fetchall()}
        print(json.dumps(out))
        """#

    @Test("histograms, means, quantiles, Pearson, Spearman and composition agree with DuckDB")
    func duckdbAgrees() async throws {
        guard ProcessInfo.processInfo.environment["DATAMAN_SKIP_INTEROP"] != "1" else { return }
        let fixture = try await RealAnnotations.fixture.value
        let (status, output, errors) = try python([
            "-c", Self.script, fixture.annotations.path, RatingScale.criteria.joined(separator: ","),
        ])
        guard status == 0 else {
            Issue.record(
                """
                python3 with duckdb failed (status \(status)); install it with `pip install duckdb`, or set \
                DATAMAN_SKIP_INTEROP=1 to skip this test:
                \(errors)
                """
            )
            return
        }
        let duck = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let stats = try await scan([fixture.annotations], StatsOptions(threads: 2)).stats.overall

        #expect(number(duck["rows"]) == Double(stats.rows))
        #expect(number(duck["tokens"]) == Double(stats.tokens))
        #expect(number(duck["errors"]) == Double(stats.errorRows))
        #expect(number(duck["rated"]) == Double(stats.ratedRows))
        // Mid-ranks over rows with all 14 ratings equal pairwise-complete ranks only when ratings come all or none.
        #expect(number(duck["complete"]) == Double(stats.ratedRows))
        let criteria = try #require(duck["criteria"] as? [String: [String: Any]])
        for (index, name) in RatingScale.criteria.enumerated() {
            let theirs = try #require(criteria[name])
            let ours = stats.histograms[index]
            #expect((theirs["documents"] as? [Int])?.map(Int64.init) == ours.documents, "\(name) documents")
            #expect((theirs["tokens"] as? [Int])?.map(Int64.init) == ours.tokens, "\(name) tokens")
            #expect(close(number(theirs["mean"]), ours.mean), "\(name) mean")
            #expect(
                (theirs["quantiles"] as? [Int])
                    == RatingHistogram.reportedQuantiles.map { ours.quantile(permille: $0)! },
                "\(name) quantiles"
            )
        }
        let pearson = try #require(duck["pearson"] as? [Any])
        let spearman = try #require(duck["spearman"] as? [Any])
        for (pair, (i, j)) in RatingScale.pairs.enumerated() {
            #expect(
                close(number(pearson[pair]), stats.pearson[i][j]),
                "pearson \(RatingScale.criteria[i]) × \(RatingScale.criteria[j])"
            )
            #expect(
                close(number(spearman[pair]), stats.spearman[i][j]),
                "spearman \(RatingScale.criteria[i]) × \(RatingScale.criteria[j])"
            )
        }
        let domains = try #require(duck["domains"] as? [String: [Int]])
        #expect(domains.mapValues { $0.map(Int64.init) } == stats.domains.mapValues { [$0.documents, $0.tokens] })
        let sources = try #require(duck["sources"] as? [String: [Int]])
        #expect(sources.mapValues { $0.map(Int64.init) } == stats.sources.mapValues { [$0.documents, $0.tokens] })
    }

    private func python(_ arguments: [String]) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    private func number(_ value: Any?) -> Double? { (value as? NSNumber)?.doubleValue }

    private func close(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case let (a?, b?): abs(a - b) <= 1e-9
        default: false
        }
    }
}
