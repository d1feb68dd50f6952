// swift-tools-version:6.0
import PackageDescription

// Dependencies point down this list only:
// C libraries, FileIO → Codecs → Shards, Parquet, Tokenizers; Criteria → Raters;
// Parquet → Annotations → Sampling, Stats, DistilledRater (also on Raters' protocol); Cluster (rank/world); SplitMix (the 64-bit mixer); Pipeline (annotate), Sampling and Stats → dataman.
let package = Package(
    name: "DataMan",
    products: [
        .executable(name: "dataman", targets: ["dataman"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.0"),
    ],
    targets: [
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(name: "CXXHash", pkgConfig: "libxxhash", providers: [.apt(["libxxhash-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        .target(name: "FileIO", dependencies: [.product(name: "SystemPackage", package: "swift-system")]),
        .target(name: "Codecs", dependencies: ["CZstd", "CLZ4", "CZlib", "FileIO"]),
        .target(name: "Shards", dependencies: ["Codecs", "FileIO", "CXXHash"]),
        .target(
            name: "Tokenizers",
            dependencies: ["Codecs", "FileIO", .product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("shipped")]
        ),
        .target(name: "Criteria", dependencies: ["CXXHash"]),
        .target(name: "Cluster", dependencies: ["CXXHash"]),
        .target(name: "SplitMix"),
        .target(name: "OrderedWork"),
        .target(
            name: "Raters",
            dependencies: [
                "Criteria", "Tokenizers", "CXXHash", "SplitMix",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(
            name: "DistilledRater",
            dependencies: [
                "Raters", "Criteria", "CXXHash", "Annotations", "Shards", "Codecs", "FileIO", "SplitMix", "Stats",
            ]
        ),
        .target(name: "Parquet", dependencies: ["Codecs", "FileIO"]),
        .target(name: "Annotations", dependencies: ["Parquet"]),
        .target(
            name: "Sampling",
            dependencies: ["Annotations", "Codecs", "FileIO", "Parquet", "SplitMix", "OrderedWork"]
        ),
        .target(name: "Stats", dependencies: ["Annotations", "Codecs", "FileIO", "SplitMix"]),
        .target(
            name: "Pipeline",
            dependencies: [
                "Shards", "Tokenizers", "Criteria", "Raters", "Parquet", "Annotations", "Cluster", "OrderedWork",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "dataman",
            dependencies: [
                "Pipeline", "Raters", "Criteria", "Tokenizers", "Shards", "Annotations", "Sampling", "Stats", "Cluster",
                "DistilledRater",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .testTarget(
            name: "FileIOTests",
            dependencies: ["FileIO", .product(name: "SystemPackage", package: "swift-system")]
        ),
        .testTarget(name: "CodecsTests", dependencies: ["Codecs"]),
        .testTarget(name: "ShardsTests", dependencies: ["Shards"]),
        .testTarget(name: "TokenizersTests", dependencies: ["Tokenizers", "Codecs"]),
        .testTarget(name: "CriteriaTests", dependencies: ["Criteria"]),
        .testTarget(name: "ClusterTests", dependencies: ["Cluster"]),
        .testTarget(name: "OrderedWorkTests", dependencies: ["OrderedWork"]),
        .testTarget(name: "RatersTests", dependencies: ["Raters", "SplitMix"], resources: [.copy("Fixtures")]),
        .target(name: "TestServerSupport", path: "Tests/TestServerSupport"),
        .testTarget(
            name: "RaterHTTPTests",
            dependencies: ["Raters", "Criteria", "Tokenizers", "Codecs", "TestServerSupport"]
        ),
        .testTarget(name: "ParquetTests", dependencies: ["Parquet", "SplitMix"]),
        .testTarget(
            name: "DataManCLITests",
            dependencies: ["dataman", "Codecs", "Parquet", "Shards", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(name: "AnnotationsTests", dependencies: ["Annotations", "Parquet"]),
        .testTarget(
            name: "DistilledRaterTests",
            dependencies: [
                "DistilledRater", "Annotations", "Criteria", "Pipeline", "Raters", "Stats", "Tokenizers", "Parquet",
            ]
        ),
        .testTarget(
            name: "SamplingTests",
            dependencies: ["Sampling", "SplitMix", "Annotations", "Parquet", "Shards", "Codecs"]
        ),
        .testTarget(
            name: "StatsTests",
            dependencies: [
                "Stats", "SplitMix", "Annotations", "Parquet", "Codecs", "Pipeline", "Raters", "Criteria", "Tokenizers",
            ]
        ),
        .testTarget(
            name: "PipelineTests",
            dependencies: ["Pipeline", "Codecs", "Parquet", "Raters", "Shards", "Annotations", "Cluster"]
        ),
        .testTarget(
            name: "ReliabilityTests",
            dependencies: [
                "dataman", "TestServerSupport", "Pipeline", "Codecs", "Parquet", "Raters", "Shards", "Criteria",
                "Tokenizers",
            ]
        ),
    ]
)
