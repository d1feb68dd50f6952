// swift-tools-version:6.0
import PackageDescription

// Dependencies point down this list only:
// C libraries, FileIO → Codecs → JSONText (the one JSON scanner) → Shards, Parquet, Tokenizers; Criteria → Raters;
// Parquet → Annotations; Shards (which reads annotated lines back) and Annotations → Sampling, Stats;
// Cluster (rank/world); SplitMix (the 64-bit mixer);
// Pipeline (annotate), Sampling and Stats → dataman.
let package = Package(
    name: "DataMan",
    products: [
        .executable(name: "dataman", targets: ["dataman"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
    ],
    targets: [
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(name: "CXXHash", pkgConfig: "libxxhash", providers: [.apt(["libxxhash-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        .target(name: "FileIO"),
        .target(name: "Codecs", dependencies: ["CZstd", "CLZ4", "CZlib", "FileIO"]),
        .target(name: "JSONText"),
        .target(name: "Shards", dependencies: ["Codecs", "CXXHash", "JSONText"]),
        .target(name: "Tokenizers", dependencies: ["Codecs", "FileIO", "JSONText"], resources: [.copy("shipped")]),
        .target(name: "Criteria", dependencies: ["CXXHash"]),
        .target(name: "Cluster", dependencies: ["CXXHash"]),
        .target(name: "SplitMix"),
        .target(
            name: "Raters",
            dependencies: [
                "Criteria", "Tokenizers", "CXXHash", "SplitMix", "JSONText",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .target(name: "Parquet", dependencies: ["Codecs", "FileIO"]),
        .target(name: "Annotations", dependencies: ["Parquet"]),
        .target(name: "Sampling", dependencies: ["Annotations", "Codecs", "FileIO", "Parquet", "Shards", "SplitMix"]),
        .target(name: "Stats", dependencies: ["Annotations", "FileIO", "JSONText", "Shards", "SplitMix"]),
        .target(
            name: "Pipeline",
            dependencies: ["Shards", "Tokenizers", "Criteria", "Raters", "Parquet", "Annotations", "Cluster"]
        ),
        .executableTarget(
            name: "dataman",
            dependencies: [
                "Pipeline", "Raters", "Criteria", "Tokenizers", "Shards", "Annotations", "Sampling", "Stats", "Cluster",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "FileIOTests", dependencies: ["FileIO"]),
        .testTarget(name: "CodecsTests", dependencies: ["Codecs"]),
        .testTarget(name: "JSONTextTests", dependencies: ["JSONText"]),
        .testTarget(name: "ShardsTests", dependencies: ["Shards", "JSONText"]),
        .testTarget(name: "TokenizersTests", dependencies: ["Tokenizers", "Codecs", "JSONText"]),
        .testTarget(name: "CriteriaTests", dependencies: ["Criteria"]),
        .testTarget(name: "ClusterTests", dependencies: ["Cluster"]),
        .testTarget(name: "RatersTests", dependencies: ["Raters", "SplitMix"], resources: [.copy("Fixtures")]),
        .target(name: "TestServerSupport", path: "Tests/TestServerSupport"),
        .testTarget(
            name: "RaterHTTPTests",
            dependencies: ["Raters", "Criteria", "Tokenizers", "Codecs", "TestServerSupport"]
        ),
        .testTarget(name: "ParquetTests", dependencies: ["Parquet", "SplitMix"]),
        .testTarget(name: "DataManCLITests", dependencies: ["dataman", "Codecs", "Parquet", "Shards"]),
        .testTarget(name: "AnnotationsTests", dependencies: ["Annotations", "Parquet"]),
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
