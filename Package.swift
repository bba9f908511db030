// swift-tools-version: 6.1
import PackageDescription

// Stages of the pipeline, one module each; lower modules never import higher ones (docs/ARCHITECTURE.md).
let package = Package(
    name: "Cutline",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "cutline", targets: ["cutline"]),
        .library(name: "Cutline", targets: ["Cutline"]),
        .library(name: "CutlineIR", targets: ["CutlineIR"]),
        .library(name: "CutlineONNX", targets: ["CutlineONNX"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CProtobufC",
            pkgConfig: "libprotobuf-c",
            providers: [.apt(["libprotobuf-c-dev"]), .brew(["protobuf-c"])]
        ),
        .target(
            name: "ONNXProto",
            dependencies: ["CProtobufC"],
            exclude: ["onnx-ml.proto", "VERSION", "GENERATED_BY"],
            cSettings: [.unsafeFlags(["-Wno-everything"])]
        ),
        .target(name: "CutlineIR"),
        .target(name: "CutlineONNX", dependencies: ["CutlineIR", "ONNXProto", "CProtobufC"]),
        .target(name: "CutlineShapes", dependencies: ["CutlineIR"], resources: [.copy("Data")]),
        .target(name: "CutlineOptimizer", dependencies: ["CutlineIR", "CutlineShapes"]),
        .target(name: "CutlineCoverage", dependencies: ["CutlineIR", "CutlineShapes", "Yams"], resources: [.copy("Tables")]),
        .target(name: "CutlinePartition", dependencies: ["CutlineIR"]),
        .target(name: "CutlineCost", dependencies: ["CutlineIR", "CutlineShapes"], resources: [.copy("Profiles")]),
        .target(name: "CutlineReport", dependencies: ["CutlineIR", "CutlineCoverage", "CutlinePartition", "CutlineCost"]),
        .target(name: "CutlineRewrite", dependencies: ["CutlineIR", "CutlineShapes", "CutlineOptimizer"]),
        .target(
            name: "Cutline",
            dependencies: ["CutlineIR", "CutlineONNX", "CutlineShapes", "CutlineOptimizer", "CutlineCoverage",
                           "CutlinePartition", "CutlineCost", "CutlineReport", "CutlineRewrite"]
        ),
        .target(
            name: "CutlineLint",
            dependencies: ["Cutline", "CutlineReport", "CutlineCoverage", "CutlinePartition", "CutlineCost", "CutlineIR",
                           "Yams"]
        ),
        .executableTarget(
            name: "cutline",
            dependencies: ["Cutline", "CutlineLint", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // libFuzzer targets (scripts/fuzz/build.sh); without -DCUTLINE_FUZZ they replay inputs given as files.
        .executableTarget(name: "CutlineFuzzLoader", dependencies: ["CutlineIR", "CutlineONNX"]),
        .executableTarget(name: "CutlineFuzzAnalyze", dependencies: ["Cutline", "CutlineIR", "CutlineONNX"]),
        .testTarget(name: "CutlineIRTests", dependencies: ["CutlineIR"]),
        .testTarget(name: "CutlineONNXTests", dependencies: ["CutlineONNX", "CutlineIR"]),
        .testTarget(name: "CutlineShapesTests", dependencies: ["CutlineShapes", "CutlineONNX", "CutlineIR"]),
        .testTarget(name: "CutlineOptimizerTests", dependencies: ["CutlineOptimizer", "CutlineShapes", "CutlineONNX", "CutlineIR"]),
        .testTarget(name: "CutlineCoverageTests", dependencies: ["CutlineCoverage", "CutlinePartition", "CutlineShapes", "CutlineONNX", "CutlineIR", "Cutline"]),
        .testTarget(name: "CutlineCostTests", dependencies: ["CutlineCost", "CutlineShapes", "CutlineONNX", "CutlineIR"]),
        .testTarget(name: "CutlineRobustnessTests",
                    dependencies: ["Cutline", "CutlineONNX", "CutlineIR", "CutlineShapes", "CutlineCoverage", "CutlinePartition"]),
        .testTarget(name: "CutlineCLITests", dependencies: ["Cutline"]),
        .testTarget(name: "CutlineRewriteTests", dependencies: ["CutlineRewrite", "CutlineShapes", "CutlineIR"]),
        .testTarget(name: "CutlineLintTests", dependencies: ["CutlineLint", "Cutline", "CutlineReport", "CutlineIR"],
                    exclude: ["Snapshots", "Configs"]),
    ],
    swiftLanguageModes: [.v6]
)
