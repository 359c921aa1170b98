import Foundation
import Forms

/// `outputs.receipts_dir`: after a month is published, each district's receipt folder is copied
/// to `<dir>/<区>/YYYY-MM/` (a folder shared with the district, say). A month copied again
/// replaces its previous copy whole: written beside it, then renamed into place.
enum ReceiptCopy {
    static func copy(published: String, period: Period, to dir: String) throws {
        let receipts = published + "/receipts"
        let districts = (try? FileManager.default.contentsOfDirectory(atPath: receipts)) ?? []
        for d in districts.sorted() {
            let target = dir + "/" + d + "/" + period.description
            let tmp = dir + "/" + d + "/.tmp-\(period)-\(getpid())"
            try Files.makeFolder(dir + "/" + d)
            if Files.exists(tmp) { try Files.removeOwn(tmp) }
            do {
                try FileManager.default.copyItem(atPath: receipts + "/" + d, toPath: tmp)
            } catch {
                throw RunError.io(path: tmp, detail: "cannot copy the receipts: \(error.localizedDescription)")
            }
            if Files.exists(target), !Files.exchange(tmp, target) { try Files.removeOwn(target) }
            if Files.exists(tmp) && Files.exists(target) {
                try Files.removeOwn(tmp)  // the exchange left the previous copy here
            } else {
                guard rename(tmp, target) == 0 else { throw Files.failure(tmp, "rename to \(target)") }
            }
        }
    }
}
