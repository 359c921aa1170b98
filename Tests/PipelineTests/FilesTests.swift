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

    /// Every regular file under a folder, at any depth and hidden ones too, as FileManager's
    /// enumerator lists them; folders, links and the link's target folder are not.
    @Test func theRegularFilesUnderAFolder() throws {
        let root = Support.root() + "/inbox"
        for path in ["东湖区.xlsx", ".hidden.xlsx", "~$东湖区.xlsx", "sub/南河区.xlsx", "sub/深/扫描件.pdf", "sub/空/.keep"] {
            try Files.makeFolder(((root + "/" + path) as NSString).deletingLastPathComponent)
            try Files.create(root + "/" + path, Array(path.utf8))
        }
        try Files.makeFolder(root + "/empty")
        #expect(symlink(root + "/sub", root + "/link-to-sub") == 0 && symlink(root + "/东湖区.xlsx", root + "/link.xlsx") == 0)
        let found = Files.regularFiles(under: root)
        #expect(found.map(\.path).sorted() == [".hidden.xlsx", "sub/南河区.xlsx", "sub/深/扫描件.pdf", "sub/空/.keep", "~$东湖区.xlsx", "东湖区.xlsx"])
        #expect(found.allSatisfy { Int($0.status.st_size) == $0.path.utf8.count })
        var enumerated: [String] = []
        let walker = FileManager.default.enumerator(atPath: root)!
        while let relative = walker.nextObject() as? String {
            var st = stat()
            if lstat(root + "/" + relative, &st) == 0, st.st_mode & S_IFMT == S_IFREG { enumerated.append(relative) }
        }
        #expect(Set(enumerated) == Set(found.map(\.path)))
        #expect(Files.regularFiles(under: root + "/none").isEmpty)
    }
}
