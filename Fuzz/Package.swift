// swift-tools-version:5.4
// 5.4, not later: from 5.5 on SwiftPM renames an executable's entry point to `FuzzXLSX_main` and
// links `main` to it, which leaves libFuzzer's own `main` unused and the link unresolved.
import PackageDescription

// The libFuzzer target for the XLSX reader, kept out of the main package so it never carries
// fuzz code. Built and run by `scripts/fuzz.sh`.
let package = Package(
    name: "XLSXFuzz",
    dependencies: [
        .package(name: "weigai", path: ".."),
    ],
    targets: [
        .executableTarget(name: "FuzzXLSX", dependencies: [
            .product(name: "XLSX", package: "weigai"),
        ]),
    ]
)
