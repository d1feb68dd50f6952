// swift-tools-version:6.0
import PackageDescription

// Dependencies point down this list only:
// C libraries, FileIO → Codecs (every compression codec) → JSONText (the one JSON scanner), Parquet → Shards (JSONL
// and Parquet records), Tokenizers;
// Criteria → Rating (the Rater protocol) → HeuristicRating, HTTPRating (the only module linking AsyncHTTPClient
// and NIO); Parquet → Annotations; Shards (which reads annotated lines back) and Annotations → Sampling, Stats,
// DistilledRater (which also implements Rating's protocol); Sampling and Tokenizers → TrainingShards (the
// selection shuffled and written in trainers' formats); Cluster (rank/world); SplitMix (the 64-bit mixer);
// ParallelWork (the work schedulers); Rating → Pipeline (annotate, with any rater); Pipeline, the raters,
// Sampling, TrainingShards and Stats → dataman.
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
        // Debian's libsnappy-dev may ship no pkg-config file; the module map links it by name.
        .systemLibrary(name: "CSnappy", providers: [.apt(["libsnappy-dev"])]),
        .systemLibrary(name: "CBrotli", pkgConfig: "libbrotlidec", providers: [.apt(["libbrotli-dev"])]),

        .target(name: "FileIO", dependencies: [.product(name: "SystemPackage", package: "swift-system")]),
        .target(name: "Codecs", dependencies: ["CZstd", "CLZ4", "CZlib", "CSnappy", "CBrotli", "FileIO"]),
        .target(name: "JSONText"),
        .target(name: "Shards", dependencies: ["Codecs", "FileIO", "CXXHash", "JSONText", "Parquet"]),
        .target(
            name: "Tokenizers",
            dependencies: ["Codecs", "FileIO", "JSONText", .product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("shipped")]
        ),
        .target(name: "Criteria", dependencies: ["CXXHash"]),
        .target(name: "Cluster", dependencies: ["CXXHash"]),
        .target(name: "SplitMix"),
        .target(name: "ParallelWork"),
        .target(name: "Rating", dependencies: ["Criteria"]),
        .target(name: "HeuristicRating", dependencies: ["Rating", "Criteria", "SplitMix"]),
        .target(
            name: "HTTPRating",
            dependencies: [
                "Rating", "Criteria", "Tokenizers", "CXXHash", "JSONText",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(
            name: "DistilledRater",
            dependencies: [
                "Rating", "Criteria", "CXXHash", "Annotations", "Shards", "Codecs", "FileIO", "SplitMix", "Stats",
            ]
        ),
        .target(name: "Parquet", dependencies: ["Codecs", "FileIO"]),
        .target(name: "Annotations", dependencies: ["Parquet"]),
        .target(
            name: "Sampling",
            dependencies: [
                "Annotations", "Codecs", "FileIO", "JSONText", "Parquet", "Shards", "SplitMix", "ParallelWork",
            ]
        ),
        .target(
            name: "TrainingShards",
            dependencies: [
                "Sampling", "Annotations", "Parquet", "Shards", "Tokenizers", "Codecs", "FileIO", "SplitMix",
            ]
        ),
        .target(
            name: "Stats",
            dependencies: ["Annotations", "FileIO", "JSONText", "Shards", "SplitMix", "ParallelWork"]
        ),
        .target(
            name: "Pipeline",
            dependencies: [
                "Shards", "Tokenizers", "Criteria", "Rating", "Parquet", "Annotations", "Cluster", "ParallelWork",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "dataman",
            dependencies: [
                "Pipeline", "Rating", "HeuristicRating", "HTTPRating", "DistilledRater", "Criteria", "Tokenizers",
                "Shards", "Annotations", "Sampling", "TrainingShards", "Stats", "Cluster",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        .testTarget(
            name: "FileIOTests",
            dependencies: ["FileIO", .product(name: "SystemPackage", package: "swift-system")]
        ),
        .testTarget(name: "CodecsTests", dependencies: ["Codecs"]),
        .testTarget(name: "JSONTextTests", dependencies: ["JSONText"]),
        .testTarget(name: "ShardsTests", dependencies: ["Shards", "JSONText"]),
        .testTarget(name: "TokenizersTests", dependencies: ["Tokenizers", "Codecs", "JSONText"]),
        .testTarget(name: "CriteriaTests", dependencies: ["Criteria"]),
        .testTarget(name: "ClusterTests", dependencies: ["Cluster"]),
        .testTarget(name: "ParallelWorkTests", dependencies: ["ParallelWork"]),
        .testTarget(name: "RatingTests", dependencies: ["Rating"]),
        .testTarget(
            name: "HeuristicRatingTests",
            dependencies: ["HeuristicRating", "Rating", "Criteria", "SplitMix"],
            resources: [.copy("Fixtures")]
        ),
        .target(name: "TestServerSupport", path: "Tests/TestServerSupport"),
        .testTarget(
            name: "HTTPRatingTests",
            dependencies: ["HTTPRating", "Rating", "Criteria", "Tokenizers", "Codecs", "TestServerSupport"]
        ),
        .testTarget(name: "ParquetTests", dependencies: ["Parquet", "SplitMix", "Codecs", "FileIO"]),
        .testTarget(
            name: "DataManCLITests",
            dependencies: [
                "dataman", "Codecs", "Parquet", "Shards", .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "AnnotationsTests", dependencies: ["Annotations", "Parquet"]),
        .testTarget(
            name: "DistilledRaterTests",
            dependencies: [
                "DistilledRater", "Annotations", "Criteria", "Pipeline", "Rating", "HeuristicRating", "Stats",
                "Tokenizers", "Parquet",
            ]
        ),
        .testTarget(
            name: "SamplingTests",
            dependencies: ["Sampling", "TrainingShards", "SplitMix", "Annotations", "Parquet", "Shards", "Codecs"]
        ),
        .testTarget(
            name: "StatsTests",
            dependencies: [
                "Stats", "SplitMix", "Annotations", "Parquet", "Codecs", "Pipeline", "HeuristicRating", "Criteria",
                "Tokenizers",
            ]
        ),
        .testTarget(
            name: "PipelineTests",
            dependencies: ["Pipeline", "Codecs", "Parquet", "Rating", "Shards", "Annotations", "Cluster"]
        ),
        .testTarget(
            name: "ReliabilityTests",
            dependencies: [
                "dataman", "TestServerSupport", "Pipeline", "Codecs", "Parquet", "Rating", "HTTPRating", "Shards",
                "Criteria",
                "Tokenizers",
            ]
        ),
    ]
)
