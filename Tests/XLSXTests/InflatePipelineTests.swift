import Foundation
import TestScratch
import Testing
@testable import XLSX

@Suite struct InflatePipelineTests {
    struct Stop: Error, Equatable { let at: Int }

    /// `count` chunks of `size` bytes, chunk `i` filled with byte `i`; throws `Stop` instead of chunk `failAt`.
    static func source(count: Int, size: Int, failAt: Int? = nil) -> (UnsafeMutableRawBufferPointer) throws -> Int {
        var next = 0
        return { buffer in
            if next == failAt { throw Stop(at: next) }
            guard next < count else { return 0 }
            let n = min(size, buffer.count)
            buffer.baseAddress!.initializeMemory(as: UInt8.self, repeating: UInt8(truncatingIfNeeded: next), count: n)
            next += 1
            return n
        }
    }

    @Test func chunksArriveInOrder() throws {
        var seen: [UInt8] = []
        try InflatePipeline(buffers: 3, size: 1000, fill: Self.source(count: 500, size: 1000)).run { chunk in
            #expect(chunk.count == 1000 && chunk.allSatisfy { $0 == chunk[0] })
            seen.append(chunk[0])
        }
        #expect(seen == (0..<500).map { UInt8(truncatingIfNeeded: $0) })
    }

    @Test func theInflatersErrorFollowsTheChunksBeforeIt() {
        var delivered = 0
        #expect(throws: Stop(at: 7)) {
            try InflatePipeline(buffers: 4, size: 64, fill: Self.source(count: 100, size: 64, failAt: 7)).run { _ in
                delivered += 1
            }
        }
        #expect(delivered == 7)
    }

    @Test func theConsumersErrorStopsTheInflater() {
        var delivered = 0
        #expect(throws: Stop(at: 3)) {
            try InflatePipeline(buffers: 2, size: 64, fill: Self.source(count: 1_000_000, size: 64)).run { _ in
                delivered += 1
                if delivered == 3 { throw Stop(at: 3) }
            }
        }
    }

    /// A part past the threshold goes through the pipeline and reads back byte for byte.
    @Test func aLargePartReadsBackWhole() throws {
        let path = Scratch.path("pipeline") + ".zip"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let size = Int(ZipArchive.pipelineThreshold) * 5 + 12345
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15  // xorshift: incompressible, so no ratio limit trips
        let expected = (0..<size).map { _ in
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        }
        let writer = try ZipWriter(path: path)
        try writer.add("big.bin", bytes: expected)
        try writer.close()
        let archive = try ZipArchive(path: path)
        var got: [UInt8] = []
        got.reserveCapacity(size)
        try archive.read("big.bin") { got.append(contentsOf: $0) }
        #expect(got == expected)
    }
}
