// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "weigai",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "weigai", targets: ["weigai"]),
        .library(name: "XLSX", targets: ["XLSX"]),
        .executable(name: "weigai-benchdata", targets: ["BenchData"]),
        .executable(name: "weigai-samples", targets: ["SampleData"]),
        .executable(name: "weigai-monthdata", targets: ["MonthData"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    ],
    targets: [
        // C libraries: a module map and pkg-config, nothing else.
        .systemLibrary(name: "CLibZip", pkgConfig: "libzip",
                       providers: [.apt(["libzip-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0",
                       providers: [.apt(["libxml2-dev"])]),
        // Extended attributes, from the C library itself: a module map only.
        .systemLibrary(name: "CXattr"),
        // jemalloc, the executable's allocator in place of glibc's malloc.
        .systemLibrary(name: "CJemalloc", pkgConfig: "jemalloc",
                       providers: [.apt(["libjemalloc-dev"])]),
        // jemalloc's settings: one C definition it reads before any Swift code runs.
        .target(name: "JemallocSettings"),

        // Reading and writing .xlsx packages; knows nothing of the forms.
        .target(name: "XLSX", dependencies: ["CLibZip", "CLibXML2"]),

        // The forms, pure: templates as data, recognition, extraction, checks, outputs as values.
        .target(name: "Forms", dependencies: [
            "XLSX",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Yams", package: "Yams"),
        ]),

        // The history store: every workbook's extraction and every published month, in SQLite.
        .target(name: "Store", dependencies: [
            "Forms",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),

        // The monthly run: inbox, archive, quarantine, publication, lock — the effects.
        .target(name: "Pipeline", dependencies: [
            "Forms", "XLSX", "Store", "CXattr",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        .executableTarget(name: "weigai", dependencies: [
            "XLSX", "Forms", "Pipeline", "Store", "CJemalloc", "JemallocSettings",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // Writes the synthetic workbooks of scripts/bench.sh; the library carries no benchmark code.
        .executableTarget(name: "BenchData", dependencies: ["XLSX"]),

        // Writes samples/ (scripts/make-samples.sh).
        .executableTarget(name: "SampleData", dependencies: ["Forms", "XLSX"]),

        // Writes a national-scale month of district workbooks for scripts/bench.sh's run benchmark.
        .executableTarget(name: "MonthData", dependencies: ["Forms", "XLSX"]),

        .target(name: "TestScratch", path: "Tests/TestScratch"),
        .testTarget(name: "XLSXTests", dependencies: ["XLSX", "TestScratch"], exclude: ["Fixtures", "Corpus"]),
        .testTarget(name: "FormsTests", dependencies: ["Forms", "XLSX", "TestScratch"]),
        .testTarget(name: "StoreTests", dependencies: [
            "Store", "Forms", "XLSX", "TestScratch",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "PipelineTests", dependencies: [
            "Pipeline", "Store", "Forms", "XLSX", "TestScratch",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Logging", package: "swift-log"),
        ], exclude: ["Fixtures"]),
    ]
)
