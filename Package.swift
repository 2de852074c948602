// swift-tools-version:6.0
import PackageDescription

// Targets follow the architecture: domain rules know nothing of Vapor or databases; interchange reads and writes
// office files; persistence owns the schema and every query; web serves pages and the API; the CLI ties them together.
let package = Package(
    name: "bottomline",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "bottomline", targets: ["bottomline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        // Already resolved for Vapor; named because uploads are parsed as they arrive (issue 14).
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        // Already resolved for Vapor; named because the screening hashes files and feed tokens with SHA-256.
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        // /metrics in Prometheus's text format (issue 14): counters and histograms kept in one registry per process.
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        .target(
            name: "BottomlineDomain",
            resources: [.copy("Resources/henan-divisions.csv")]
        ),
        .target(
            name: "BottomlineInterchange",
            dependencies: [
                "BottomlineDomain",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .target(
            name: "BottomlinePersistence",
            dependencies: [
                "BottomlineDomain",
                "BottomlineInterchange",
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .target(
            name: "BottomlineWeb",
            dependencies: [
                "BottomlineDomain",
                "BottomlineInterchange",
                "BottomlinePersistence",
                .product(name: "Fluent", package: "fluent"),
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ],
            resources: [.copy("Public")]
        ),
        .target(
            name: "BottomlineCLI",
            dependencies: [
                "BottomlineDomain",
                "BottomlineInterchange",
                "BottomlinePersistence",
                "BottomlineWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Vapor", package: "vapor"),
            ]
        ),
        .executableTarget(name: "bottomline", dependencies: ["BottomlineCLI", "BottomlinePersistence"]),
        .executableTarget(
            name: "bench-import",
            dependencies: ["BenchSupport", "BottomlineDomain", "BottomlineInterchange", "BottomlinePersistence", "BottomlineWeb",
                           .product(name: "Vapor", package: "vapor")],
            path: "bench/Sources/import"
        ),
        .executableTarget(
            name: "bench-pages",
            dependencies: ["BenchSupport", "BottomlineDomain", "BottomlinePersistence", "BottomlineWeb",
                           .product(name: "Fluent", package: "fluent"), .product(name: "Vapor", package: "vapor")],
            path: "bench/Sources/pages"
        ),
        .target(
            name: "BenchSupport",
            dependencies: ["BottomlinePersistence", "BottomlineWeb",
                           .product(name: "Fluent", package: "fluent"), .product(name: "Vapor", package: "vapor")],
            path: "bench/Sources/BenchSupport"
        ),
        .executableTarget(
            name: "bench-dashboard",
            dependencies: ["BenchSupport", "BottomlineDomain", "BottomlinePersistence", "BottomlineWeb",
                           .product(name: "Fluent", package: "fluent"), .product(name: "Vapor", package: "vapor")],
            path: "bench/Sources/dashboard"
        ),
        .executableTarget(
            name: "bench-warnings",
            dependencies: ["BenchSupport", "BottomlineDomain", "BottomlinePersistence",
                           .product(name: "Fluent", package: "fluent"), .product(name: "Vapor", package: "vapor")],
            path: "bench/Sources/warnings"
        ),
        .executableTarget(
            name: "bench-funds",
            dependencies: ["BenchSupport", "BottomlineDomain", "BottomlinePersistence",
                           .product(name: "Fluent", package: "fluent"), .product(name: "Vapor", package: "vapor")],
            path: "bench/Sources/funds"
        ),
        .executableTarget(
            name: "bench-quality",
            dependencies: ["BenchSupport", "BottomlineDomain", "BottomlinePersistence",
                           .product(name: "Fluent", package: "fluent"), .product(name: "Vapor", package: "vapor")],
            path: "bench/Sources/quality"
        ),
        .executableTarget(
            name: "bench-whatif",
            dependencies: ["BenchSupport", "BottomlineDomain", "BottomlinePersistence",
                           .product(name: "Fluent", package: "fluent"), .product(name: "Vapor", package: "vapor")],
            path: "bench/Sources/whatif"
        ),
        .executableTarget(
            name: "bench-province",
            dependencies: ["BenchSupport", "BottomlineDomain", "BottomlineInterchange", "BottomlinePersistence", "BottomlineWeb",
                           .product(name: "Fluent", package: "fluent"), .product(name: "Vapor", package: "vapor")],
            path: "bench/Sources/province"
        ),
        .executableTarget(
            name: "bench-screening",
            dependencies: ["BottomlineDomain", "BottomlineInterchange"],
            path: "bench/Sources/screening"
        ),
        .target(
            name: "BottomlineTestSupport",
            dependencies: ["BottomlinePersistence", "BottomlineWeb", .product(name: "VaporTesting", package: "vapor")],
            path: "Tests/BottomlineTestSupport"
        ),
        .testTarget(name: "BottomlineDomainTests", dependencies: ["BottomlineDomain"]),
        .testTarget(name: "BottomlineInterchangeTests", dependencies: ["BottomlineInterchange", .product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .testTarget(
            name: "BottomlinePersistenceTests",
            dependencies: ["BottomlinePersistence", "BottomlineInterchange", "BottomlineTestSupport",
                           .product(name: "VaporTesting", package: "vapor")]
        ),
        .testTarget(
            name: "BottomlineWebTests",
            dependencies: ["BottomlineWeb", "BottomlinePersistence", "BottomlineInterchange", "BottomlineTestSupport", .product(name: "VaporTesting", package: "vapor")],
            // Read from the source tree by path, not bundled: without this every build warned of 60-odd unhandled files.
            exclude: ["__Snapshots__"]
        ),
        .testTarget(name: "BottomlineCLITests", dependencies: [
            "BottomlineCLI", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
