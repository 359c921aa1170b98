import Foundation
import Forms
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a legacy workbook was not converted; each case names the file.
enum ConversionError: Error, Equatable, CustomStringConvertible {
    /// No `soffice` (intake.soffice, or on PATH), or conversion is turned off.
    case unavailable(file: String, why: String)
    case failed(file: String, detail: String)
    case timedOut(file: String, seconds: Int)

    var description: String {
        switch self {
        case .unavailable(let f, let why): return "\(f): not converted: \(why)"
        case .failed(let f, let d): return "\(f): LibreOffice could not convert it: \(d)"
        case .timedOut(let f, let s): return "\(f): LibreOffice took longer than \(s) s; stopped"
        }
    }

    /// For the clerk, in the finding's message.
    var chinese: String {
        switch self {
        case .unavailable: return "本机未安装 LibreOffice 或未开启自动转换，无法读取"
        case .failed: return "自动转换失败，无法读取"
        case .timedOut(_, let s): return "自动转换超过 \(s) 秒未完成，无法读取"
        }
    }
}

/// Converts a legacy workbook (.xls, .et) to .xlsx with LibreOffice:
/// `soffice --headless --convert-to xlsx` in a private temporary folder, with a profile of its
/// own there (it never touches a desktop session's), one conversion at a time, killed with its
/// children when it takes longer than `timeLimit`. The received file is never touched: the
/// converter works on a copy of its bytes.
struct LegacyConverter: Sendable {
    /// The `soffice` to run; nil when there is none or conversion is turned off.
    let soffice: String?
    /// Why there is no `soffice`, for messages.
    let unavailable: String
    var timeLimit: TimeInterval = 120

    /// One LibreOffice at a time: two would share nothing but would fight for the cores.
    private static let oneAtATime = NSLock()

    init(config: Configuration) {
        if !config.convertLegacy {
            soffice = nil
            unavailable = "conversion is turned off (intake.convert_legacy: false)"
        } else if let path = config.sofficePath {
            soffice = access(path, X_OK) == 0 ? path : nil
            unavailable = "intake.soffice \(path) is not an executable"
        } else {
            soffice = Self.onPath(["soffice", "libreoffice"])
            unavailable = "LibreOffice (soffice) is not installed"
        }
    }

    /// The first of `names` found executable in a folder of PATH.
    static func onPath(_ names: [String]) -> String? {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        for name in names {
            for folder in folders where access("\(folder)/\(name)", X_OK) == 0 { return "\(folder)/\(name)" }
        }
        return nil
    }

    /// The .xlsx bytes of `bytes`, a legacy workbook that messages call `file` (its extension
    /// tells LibreOffice's import filter which format to expect).
    func convert(_ bytes: [UInt8], file: String) throws(ConversionError) -> [UInt8] {
        guard let soffice else { throw .unavailable(file: file, why: unavailable) }
        Self.oneAtATime.lock()
        defer { Self.oneAtATime.unlock() }

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("weigai-soffice-\(UUID().uuidString)").path
        guard mkdir(folder, 0o700) == 0 else { throw .failed(file: file, detail: "cannot create \(folder): \(String(cString: strerror(errno)))") }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let ext = (file as NSString).pathExtension.lowercased()
        let input = folder + "/in." + (ext.isEmpty ? "xls" : ext)
        guard FileManager.default.createFile(atPath: input, contents: Data(bytes)) else {
            throw .failed(file: file, detail: "cannot write \(input)")
        }
        let arguments = [soffice, "-env:UserInstallation=file://" + folder + "/profile", "--headless", "--norestore",
                         "--nolockcheck", "--convert-to", "xlsx", "--outdir", folder + "/out", input]
        let log = folder + "/soffice.log"
        let status = try run(arguments, log: log, file: file)
        let output = folder + "/out/in.xlsx"
        guard let data = FileManager.default.contents(atPath: output), !data.isEmpty else {
            let said = (try? String(contentsOfFile: log, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            throw .failed(file: file, detail: "exit status \(status), no .xlsx written" + (said.isEmpty ? "" : ": " + said))
        }
        return [UInt8](data)
    }

    /// Runs `arguments` in a process group of its own, output to `log`; its exit status. Past
    /// the time limit the whole group (soffice starts soffice.bin) is killed. Polled, not
    /// signalled: the run has no child process of its own to confuse with this one.
    private func run(_ arguments: [String], log: String, file: String) throws(ConversionError) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard spawned == 0 else { throw .failed(file: file, detail: "cannot start \(arguments[0]): \(String(cString: strerror(spawned)))") }

        let deadline = Date().addingTimeInterval(timeLimit)
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0 && errno != EINTR { throw .failed(file: file, detail: "waitpid: \(String(cString: strerror(errno)))") }
            if Date() > deadline {
                kill(-pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw .timedOut(file: file, seconds: Int(timeLimit))
            }
            usleep(50_000)
        }
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : -(status & 0x7F)
    }
}
