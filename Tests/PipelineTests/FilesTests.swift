import Foundation
import Testing
@testable import Pipeline

struct FilesTests {
    /// A folder is made with its missing parents, made again without complaint, and refused
    /// with the path when a file already has its name.
    @Test func aFolderIsMadeWithItsParents() throws {
        let root = Support.root()
        let nested = root + "/out/2026-11/receipts/东湖区"
        try Files.makeFolder(nested)
        var isFolder: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: nested, isDirectory: &isFolder) && isFolder.boolValue)
        try Files.makeFolder(nested)
        try Files.makeFolder(root + "/out/2026-11/receipts/")
        try Files.create(root + "/out/2026-11/summary.txt", Array("x".utf8))
        #expect {
            try Files.makeFolder(root + "/out/2026-11/summary.txt")
        } throws: { error in
            guard case RunError.io(let path, let detail) = error else { return false }
            return path.hasSuffix("summary.txt") && detail.contains("folder")
        }
        #expect(throws: RunError.self) { try Files.makeFolder(root + "/out/2026-11/summary.txt/inner") }
    }
}
