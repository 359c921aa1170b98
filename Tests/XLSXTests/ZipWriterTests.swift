import Foundation
import TestScratch
import Testing
@testable import XLSX

@Suite struct ZipWriterTests {
    @Test func producedEntryRoundTrips() throws {
        let path = Scratch.path("zw") + ".zip"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ZipWriter(path: path)
        try writer.add("a.txt", text: "hello")
        var left = 300_000
        try writer.add("b.txt") { buf in
            let n = min(left, buf.count)
            for i in 0..<n { buf[i] = UInt8(ascii: "x") }
            left -= n
            return n
        }
        try writer.close()
        let archive = try ZipArchive(path: path)
        #expect(try archive.readAll("a.txt") == Array("hello".utf8))
        let b = try archive.readAll("b.txt")
        #expect(b.count == 300_000 && b.allSatisfy { $0 == UInt8(ascii: "x") })
    }
}
