import Foundation
import Testing
@testable import XLSX

/// Inputs `scripts/fuzz.sh` found to crash or leak the reader, kept in `Fixtures/fuzz/` so the
/// fixes stay: each must now be read or refused with an `XLSXError`, under the fuzzer's limits.
@Suite struct FuzzRegressionTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fuzz").path
    static let inputs = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    static let limits = ReadLimits(maxEntries: 1_000, maxTotalBytes: 32 << 20, maxRatio: 200, ratioFloorBytes: 1 << 20)

    static func bytes(_ name: String) throws -> [UInt8] {
        try Array(Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(name)")))
    }

    @Test func theFixturesAreThere() {
        #expect(Self.inputs.contains("leak-zip-fread-error.xlsx"))
    }

    @Test(arguments: inputs)
    func readOrRefused(_ name: String) throws {
        let devNull = open("/dev/null", O_WRONLY)
        defer { close(devNull) }
        do {
            let workbook = try Workbook(bytes: Self.bytes(name), displayName: name, limits: Self.limits)
            try CellDump.write(workbook, to: ByteWriter(fileDescriptor: devNull, name: "/dev/null"))
        } catch is XLSXError {
            // Refused: the answer the reader owes a broken package.
        }
    }

    /// A part whose deflate stream breaks midway: libzip's message was formatted into a copy of
    /// its error struct and never freed (LeakSanitizer). Now it is read in place.
    @Test func aBrokenDeflateStreamIsACorruptPart() throws {
        let name = "leak-zip-fread-error.xlsx"
        #expect {
            try Workbook(bytes: Self.bytes(name), displayName: name, limits: Self.limits)
        } throws: { error in
            guard case .corruptPart(_, let part, let detail)? = error as? XLSXError else { return false }
            return part == "[Content_Types].xml" && detail.contains("Zlib error")
        }
    }
}
