import Foundation
import Testing
@testable import Pipeline

struct FilesTests {
    /// A folder is made with its missing parents, made again without complaint, and refused
    /// with the path when a file already has its name.
    /// The folder of one of the run's paths is what NSString takes off it.
    @Test func aPathsFolderIsWhatNSStringTakesOff() {
        for path in ["out/.tmp-2026-11-1/receipts/东湖区/回执.txt", "out/x/anomalies.csv", "a/b", "/abs/x.xlsx", "名称.txt"] {
            #expect(Files.folder(of: path) == (path as NSString).deletingLastPathComponent, "\(path)")
        }
    }

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

    /// A folder of the run's own is removed with everything in it: files, folders at any depth,
    /// an empty one, a hard link (its other name stays) and a symbolic link to a folder outside
    /// (the link goes, its target stays), and a name that is not UTF-8; a file alone too. What
    /// is not there is refused, with its path.
    /// The same, by `removeOwnTree`, which removes the entries of the folder's folders on every
    /// core first, and follows no link: one at the top to a folder outside stays whole too.
    @Test(arguments: [false, true]) func aFolderOfTheRunsOwnIsRemovedWhole(byTree: Bool) throws {
        let remove = byTree ? Files.removeOwnTree : Files.removeOwn
        let root = Support.root()
        let month = root + "/out/.tmp-2026-11-1"
        for path in ["anomalies.csv", "receipts/东湖区/回执.txt", "receipts/东湖区/东湖区.xlsx", "receipts/南河区/回执.txt", "空/.keep"] {
            try Files.makeFolder(((month + "/" + path) as NSString).deletingLastPathComponent)
            try Files.create(month + "/" + path, Array(path.utf8))
        }
        try Files.makeFolder(month + "/空的")
        try Files.makeFolder(root + "/kept")
        try Files.create(root + "/kept/linked.xlsx", Array("x".utf8))
        #expect(link(root + "/kept/linked.xlsx", month + "/receipts/南河区/南河区.xlsx") == 0)
        #expect(symlink(root + "/kept", month + "/receipts/kept") == 0)
        #expect(symlink(root + "/kept", month + "/kept") == 0)
        let odd: [CChar] = Array((month + "/receipts/").utf8CString.dropLast()) + [CChar(bitPattern: 0xFF), 0x61, 0]
        let fd = open(odd, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        #expect(fd >= 0)
        close(fd)

        try remove(month)
        #expect(!Files.exists(month))
        #expect(Files.exists(root + "/kept/linked.xlsx") && Files.exists(root + "/out"))
        try Files.removeOwn(root + "/kept/linked.xlsx")
        #expect(!Files.exists(root + "/kept/linked.xlsx"))
        #expect {
            try remove(month)
        } throws: { error in
            guard case RunError.io(let path, let detail) = error else { return false }
            return path == month && detail.contains("cannot remove")
        }
    }
}
