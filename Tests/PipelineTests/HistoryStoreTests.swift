import Foundation
import GRDB
import Logging
import Testing
@testable import Forms
@testable import Pipeline
@testable import Store

/// The history store is derived from the archive: lost, damaged, stale or interrupted, the next
/// run rebuilds it and publishes what a run that never lost it would have.
struct HistoryStoreTests {
    /// Two months of three districts, and a corrected file for the first.
    static func months(_ root: String) throws {
        for m in [10, 11] {
            for d in ["东湖区", "西山区", "南河区"] {
                Support.drop(root, "\(m)/\(d).xlsx", Support.workbook(d, month: m, clues: m - 8), received: "2026-\(m)-20T10:00:00+08:00")
            }
        }
        _ = try Support.run(root, at: "2026-11-26T10:00:00+08:00")
        Support.drop(root, "东湖区（更正）.xlsx", Support.workbook("东湖区", month: 10, clues: 2, problemsFound: 3), received: "2026-11-27T10:00:00+08:00")
        _ = try Support.run(root, at: "2026-11-28T10:00:00+08:00")
    }

    static func reference() throws -> String {
        let root = Support.root()
        try months(root)
        return root
    }

    /// The published months' rows in the store's views.
    static func views(_ root: String) throws -> [String: [[String]]] {
        let db = try DatabaseQueue(path: root + "/weigai.sqlite")
        return try db.read { db in
            var out: [String: [[String]]] = [:]
            for v in StoreTables.csvNames {
                out[v] = try Row.fetchAll(db, sql: "SELECT * FROM \(v)").map { row in
                    row.databaseValues.map { $0.isNull ? "NULL" : "\($0)" }
                }.sorted { $0.lexicographicallyPrecedes($1) }
            }
            return out
        }
    }

    func rerun(_ root: String) throws -> RunOutcome { try Support.run(root, at: "2026-11-29T10:00:00+08:00") }

    @Test func deletedStoreIsRebuiltWithTheSameOutputs() throws {
        let root = try Self.reference()
        let out = Support.snapshot(root + "/out"), views = try Self.views(root)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: root + "/weigai.sqlite" + suffix) }
        let after = try rerun(root)
        #expect(after.store?.contains("不存在，已从归档建立") == true)
        #expect(after.text.contains("历史库："))
        #expect(after.reports.map(\.period.description) == ["2026-10", "2026-11"])
        #expect(Support.snapshot(root + "/out") == out)
        #expect(try Self.views(root) == views)
        // And the run after that has nothing to do.
        #expect(try rerun(root).reports.map(\.rebuilt) == [false])
    }

    /// A run measured without saving (`weigai run --bench-without-store-saves`) publishes what a
    /// run that saves does for a month with no earlier one, leaves no store behind, and the next
    /// run reads again what it took.
    @Test func aRunWithoutSavingLeavesNoStoreAndTheNextReadsAgain() throws {
        let saved = Support.root(), unsaved = Support.root()
        for root in [saved, unsaved] {
            for d in ["东湖区", "西山区"] { Support.drop(root, "\(d).xlsx", Support.workbook(d), received: "2026-11-20T10:00:00+08:00") }
        }
        _ = try Support.run(saved, at: "2026-11-26T10:00:00+08:00")
        var run = MonthlyRun(root: unsaved, config: Support.config(), now: Support.date("2026-11-26T10:00:00+08:00"), logger: Support.quiet)
        run.storeSaving = false
        #expect(try run.run().reports.map(\.rebuilt) == [true])
        #expect(["", ".new", "-wal", ".new-journal"].allSatisfy { !FileManager.default.fileExists(atPath: unsaved + "/weigai.sqlite" + $0) })
        #expect(Support.snapshot(unsaved + "/out") == Support.snapshot(saved + "/out"))
        let next = try rerun(unsaved)
        #expect(next.store?.contains("不存在，已从归档建立") == true)
        #expect(Support.snapshot(unsaved + "/out") == Support.snapshot(saved + "/out"))
        #expect(try Self.views(unsaved) == Self.views(saved))
    }

    /// Files read again into a store begun anew are stored, and kept at hand only when `keep`
    /// asks for them (the run keeps the latest month's): the rest of the archive is let go of.
    @Test func filesReadAgainAreKeptAtHandOnlyWhenAsked() throws {
        let root = try Self.reference()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: root + "/weigai.sqlite" + suffix) }
        let config = Support.config(), layout = RunLayout(root: root), time = LocalTime(config)
        let live = try Archive(layout: layout, time: time).entries.filter { $0.kind != .duplicate }
        let store = try HistoryStore(path: layout.store, extractorVersion: FormReader.version, tables: StoreTables.all(config))
        let reader = SubmissionReader(reader: FormReader(knownDistricts: config.roster), converter: LegacyConverter(config: config),
                                      logger: Logger(label: "test"))
        let sync = HistorySync(layout: layout, store: store, config: config, time: time, reader: reader, logger: Logger(label: "test"),
                               progress: nil, live: live)
        let november = Period(year: 2026, month: 11)!
        let kept = try sync.reconcile(everything: false, settled: false, took: []) { $0.periods.contains(november) }
        let tables = live.filter { $0.kind != .scan }
        #expect(tables.count == 7 && Set(kept.keys) == Set(tables.filter { $0.periods.contains(november) }.map(\.path)))
        let stored = try store.workbooks()
        #expect(kept.count == 3 && Set(stored.keys) == Set(tables.map(\.sha256)))
    }

    /// Garbage in place of the store, or the store cut short (its first pages intact: the damage
    /// shows only when a later page is read, mid-run).
    @Test(arguments: [false, true])
    func damagedStoreIsMovedAsideAndRebuilt(truncated: Bool) throws {
        let root = try Self.reference()
        let out = Support.snapshot(root + "/out"), views = try Self.views(root)
        let path = root + "/weigai.sqlite"
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let damaged = truncated ? FileManager.default.contents(atPath: path)!.prefix(3 * 4096) : Data(repeating: 0x5A, count: 8192)
        try Data(damaged).write(to: URL(fileURLWithPath: path))
        let after = try rerun(root)
        #expect(after.store?.contains("已损坏") == true)
        #expect(after.text.contains("weigai.sqlite.damaged-1"))
        #expect(FileManager.default.contents(atPath: path + ".damaged-1") == Data(damaged))
        #expect(Support.snapshot(root + "/out") == out)
        #expect(try Self.views(root) == views)
    }

    @Test func storeOfAnotherExtractorVersionIsRebuilt() throws {
        let root = try Self.reference()
        let out = Support.snapshot(root + "/out"), views = try Self.views(root)
        let db = try DatabaseQueue(path: root + "/weigai.sqlite")
        try db.write { db in try db.execute(sql: "UPDATE store_meta SET value = '0' WHERE key = 'extractor'") }
        try db.close()
        let after = try rerun(root)
        #expect(after.store?.contains("版本由 0") == true)
        #expect(after.reports.map(\.rebuilt) == [true, true])
        #expect(Support.snapshot(root + "/out") == out)
        #expect(try Self.views(root) == views)
        let version = try DatabaseQueue(path: root + "/weigai.sqlite").read { db in
            try Int.fetchAll(db, sql: "SELECT DISTINCT extractor FROM workbook")
        }
        #expect(version == [FormReader.version])
    }

    @Test(arguments: StoreFault.allCases)
    func killDuringStoreWritesThenARunGivesTheUninterruptedOutputs(fault: StoreFault) throws {
        let reference = try Self.reference()
        let root = Support.root()
        for m in [10, 11] {
            for d in ["东湖区", "西山区", "南河区"] {
                Support.drop(root, "\(m)/\(d).xlsx", Support.workbook(d, month: m, clues: m - 8), received: "2026-\(m)-20T10:00:00+08:00")
            }
        }
        _ = try Support.run(root, at: "2026-11-26T10:00:00+08:00")
        Support.drop(root, "东湖区（更正）.xlsx", Support.workbook("东湖区", month: 10, clues: 2, problemsFound: 3), received: "2026-11-27T10:00:00+08:00")
        var killed = MonthlyRun(root: root, config: Support.config(), now: Support.date("2026-11-28T10:00:00+08:00"), logger: Support.quiet)
        killed.storeFault = fault
        #expect(throws: RunError.self) { try killed.run() }
        let after = try Support.run(root, at: "2026-11-28T10:00:00+08:00")
        #expect(after.reports.allSatisfy { $0.rebuilt })
        #expect(Support.snapshot(root + "/out") == Support.snapshot(reference + "/out"))
        let expected = try Self.views(reference)
        #expect(try Self.views(root) == expected)
    }

    /// The first run's store is begun anew beside its place: a kill during its writes leaves no
    /// store in place, and the next run begins it again and publishes what an uninterrupted one did.
    @Test(arguments: StoreFault.allCases)
    func killDuringAFirstRunsStoreWrites(fault: StoreFault) throws {
        let drops = { (root: String) in
            for d in ["东湖区", "西山区"] {
                Support.drop(root, "\(d).xlsx", Support.workbook(d, clues: 2), received: "2026-11-20T10:00:00+08:00")
            }
        }
        let reference = Support.root()
        drops(reference)
        _ = try Support.run(reference, at: "2026-11-26T10:00:00+08:00")
        let root = Support.root()
        drops(root)
        var killed = MonthlyRun(root: root, config: Support.config(), now: Support.date("2026-11-26T10:00:00+08:00"), logger: Support.quiet)
        killed.storeFault = fault
        #expect(throws: RunError.self) { try killed.run() }
        #expect(!FileManager.default.fileExists(atPath: root + "/weigai.sqlite"))
        #expect(FileManager.default.fileExists(atPath: root + "/weigai.sqlite.new"))
        let after = try Support.run(root, at: "2026-11-26T10:00:00+08:00")
        #expect(after.store?.contains("不存在，已从归档建立") == true)
        #expect(!FileManager.default.fileExists(atPath: root + "/weigai.sqlite.new"))
        #expect(Support.snapshot(root + "/out") == Support.snapshot(reference + "/out"))
        #expect(try Self.views(root) == Self.views(reference))
    }

    /// A corrected file for an old month rebuilds that month, the months whose window holds it
    /// (history_months 2 here) and the later months (their clue ledger replays it), never an
    /// earlier one; the summary says why.
    @Test func correctedOldMonthRebuildsExactlyItsDependents() throws {
        var config = Support.config(roster: ["东湖区", "西山区"])
        config.historyMonths = 2
        let root = Support.root()
        for m in 1...6 {
            for d in ["东湖区", "西山区"] {
                Support.drop(root, "\(m)/\(d).xlsx", Support.workbook(d, month: m), received: "2026-0\(m)-20T10:00:00+08:00")
            }
        }
        let first = try Support.run(root, at: "2026-06-27T10:00:00+08:00", config: config)
        #expect(first.reports.map(\.period.month) == [1, 2, 3, 4, 5, 6])
        Support.drop(root, "东湖区2月（更正）.xlsx", Support.workbook("东湖区", month: 2, problemsFound: 7), received: "2026-06-28T10:00:00+08:00")
        let after = try Support.run(root, at: "2026-06-29T10:00:00+08:00", config: config)
        // February itself, the months whose cross-period window holds it, and the later months
        // whose clue ledger replays it; January is untouched.
        #expect(after.reports.map(\.period.month) == [2, 3, 4, 5, 6])
        #expect(after.reports.map(\.reason) == ["本月收到新的或更正的文件", "前2个月的文件有变化（跨期核对）", "前2个月的文件有变化（跨期核对）",
                                                "更早月份的文件有变化（线索台账）", "更早月份的文件有变化（线索台账）"])
        #expect(after.text.contains("本次重建 5 个月：2026年2月（本月收到新的或更正的文件）"))

        // The same archive built in one go publishes the same months.
        let fresh = try Self.builtInOneGo(root, config: config, at: "2026-06-29T10:00:00+08:00")
        #expect(Support.snapshot(fresh + "/out") == Support.snapshot(root + "/out"))
    }

    /// The months a run's files cannot have changed keep their stored digests only when the store
    /// was settled over the rest of this archive under the same history_months: a wider window
    /// and a file for the last month rebuild the month whose window widened too; with the same
    /// window, a file for the last month rebuilds it alone.
    @Test func aWiderWindowWithANewFileRebuildsWhatTheWindowChanged() throws {
        var config = Support.config(roster: ["东湖区"])
        config.historyMonths = 2
        let root = Support.root()
        for m in 1...5 {
            Support.drop(root, "\(m)/东湖区.xlsx", Support.workbook("东湖区", month: m), received: "2026-0\(m)-20T10:00:00+08:00")
        }
        _ = try Support.run(root, at: "2026-05-27T10:00:00+08:00", config: config)
        config.historyMonths = 3
        Support.drop(root, "东湖区5月（更正）.xlsx", Support.workbook("东湖区", month: 5, problemsFound: 7), received: "2026-05-28T10:00:00+08:00")
        let wider = try Support.run(root, at: "2026-05-29T10:00:00+08:00", config: config)
        #expect(wider.reports.map(\.period.month) == [4, 5])
        #expect(wider.reports.map(\.reason) == ["前3个月的文件有变化（跨期核对）", "本月收到新的或更正的文件"])
        Support.drop(root, "东湖区5月（再更正）.xlsx", Support.workbook("东湖区", month: 5, problemsFound: 8), received: "2026-05-30T10:00:00+08:00")
        let same = try Support.run(root, at: "2026-05-31T10:00:00+08:00", config: config)
        #expect(same.reports.map(\.period.month) == [5])
        let fresh = try Self.builtInOneGo(root, config: config, at: "2026-05-31T10:00:00+08:00")
        #expect(Support.snapshot(fresh + "/out") == Support.snapshot(root + "/out"))
    }

    /// The sha256s of the workbooks the store holds, and of those the archive index lists.
    static func storedAndListed(_ root: String) throws -> (stored: Set<String>, listed: Set<String>) {
        let stored = try DatabaseQueue(path: root + "/weigai.sqlite").read { db in try String.fetchAll(db, sql: "SELECT sha256 FROM workbook") }
        let listed = try ArchiveIndex.read(root + "/archive/index.tsv").entries.filter { $0.kind == .archived || $0.kind == .quarantined }
        return (Set(stored), Set(listed.map(\.sha256)))
    }

    /// A run taking files into a store settled over the rest of the archive reads only what it
    /// took; when the archive changed otherwise too (a file taken away, dropped from the index
    /// at recovery), the store is checked against the whole index and forgets that workbook.
    @Test func aStoreSettledOverAnotherArchiveIsReconciledWhole() throws {
        let root = try Self.reference()
        var (stored, listed) = try Self.storedAndListed(root)
        #expect(stored == listed)
        let gone = try ArchiveIndex.read(root + "/archive/index.tsv").entries.first { $0.source == "10/西山区.xlsx" }!
        try FileManager.default.removeItem(atPath: root + "/" + gone.path)
        Support.drop(root, "南河区（更正）.xlsx", Support.workbook("南河区", month: 11, clues: 3, problemsFound: 2), received: "2026-11-28T10:00:00+08:00")
        let after = try rerun(root)
        #expect(after.reports.map(\.period.description) == ["2026-10", "2026-11"])
        (stored, listed) = try Self.storedAndListed(root)
        #expect(!listed.contains(gone.sha256))
        #expect(stored == listed)
        let fresh = try Self.builtInOneGo(root, config: Support.config(), at: "2026-11-29T10:00:00+08:00")
        #expect(Support.snapshot(fresh + "/out") == Support.snapshot(root + "/out"))
    }

    /// A copy of `root`'s archive (only), run once with --rebuild-all; returns the copy's root.
    static func builtInOneGo(_ root: String, config: Forms.Configuration, at now: String) throws -> String {
        let fresh = Support.root()
        try FileManager.default.copyItem(atPath: root + "/archive", toPath: fresh + "/archive")
        var all = MonthlyRun(root: fresh, config: config, now: Support.date(now), logger: Support.quiet)
        all.rebuildAll = true
        _ = try all.run()
        return fresh
    }

    /// The ledger's part of the store: the months it keeps a snapshot of, and each retired clue's
    /// month of retiring and of being brought back.
    static func ledgerTables(_ root: String) throws -> (snapshots: [String], retired: [[String]]) {
        let db = try DatabaseQueue(path: root + "/weigai.sqlite")
        return try db.read { db in
            (try String.fetchAll(db, sql: "SELECT period FROM ledger_snapshot ORDER BY period"),
             try Row.fetchAll(db, sql: "SELECT since, revived_in FROM ledger_retired ORDER BY since, revived_in").map { r in
                 [r[0] as String? ?? "NULL", r[1] as String? ?? "NULL"]
             })
        }
    }

    /// A clue closed in August is retired, and November lists it again: November's run takes the
    /// ledger through October from the store and recalls that clue, with no replay of every
    /// register; so does the run after a corrected November. Both publish what a run over the
    /// whole archive does.
    @Test func aLaterMonthTakesTheLedgerFromTheStore() throws {
        let config = Support.config(roster: ["东湖区"])
        let root = Support.root()
        Support.drop(root, "8.xlsx", Support.workbook("东湖区", month: 8, dispositions: ["已办结", "初步核实"]), received: "2026-08-20T10:00:00+08:00")
        Support.drop(root, "9.xlsx", Support.workbook("东湖区", month: 9, clues: 1), received: "2026-09-20T10:00:00+08:00")
        Support.drop(root, "10.xlsx", Support.workbook("东湖区", month: 10, clues: 1, cluesOf: 9, dispositions: ["已办结"]),
                     received: "2026-10-20T10:00:00+08:00")
        _ = try Support.run(root, at: "2026-10-27T10:00:00+08:00", config: config)
        #expect(try Self.ledgerTables(root).snapshots == ["2026-09", "2026-10"])
        // August's closed clue retired as of August, October's as of October.
        #expect(try Self.ledgerTables(root).retired == [["2026-08", "NULL"], ["2026-10", "NULL"]])

        let november = { (found: Int) in
            Support.workbook("东湖区", month: 11, problemsFound: found, cluesOf: 8, dispositions: ["初步核实", "谈话函询"])
        }
        Support.drop(root, "11.xlsx", november(2), received: "2026-11-20T10:00:00+08:00")
        #expect(try Support.run(root, at: "2026-11-27T10:00:00+08:00", config: config).reports.map(\.period.month) == [11])
        // From October's snapshot (a replay would have dropped September's before keeping the last two) …
        let after = try Self.ledgerTables(root)
        #expect(after.snapshots == ["2026-10", "2026-11"])
        // … August's closed clue recalled and brought back in November.
        #expect(after.retired == [["2026-08", "2026-11"], ["2026-10", "NULL"]])
        let anomalies = Support.text(root + "/out/2026-11/anomalies.csv")
        #expect(anomalies.contains(Rules.clueRegressed.id) && anomalies.contains(Rules.clueProgressed.id))

        Support.drop(root, "11（更正）.xlsx", november(0), received: "2026-11-27T11:00:00+08:00")
        #expect(try Support.run(root, at: "2026-11-28T10:00:00+08:00", config: config).reports.map(\.period.month) == [11])
        #expect(try Self.ledgerTables(root).retired == after.retired)

        let fresh = try Self.builtInOneGo(root, config: config, at: "2026-11-29T10:00:00+08:00")
        #expect(Support.snapshot(fresh + "/out") == Support.snapshot(root + "/out"))
        #expect(try Self.ledgerTables(fresh).retired == after.retired)
    }

    /// Ledger bytes the store cannot decode (a snapshot, a retired clue) are replaced: the run
    /// replays the ledger from the registers and publishes what a run over the whole archive does.
    @Test func anUndecodableLedgerIsReplayed() throws {
        let config = Support.config(roster: ["东湖区"])
        let root = Support.root()
        Support.drop(root, "8.xlsx", Support.workbook("东湖区", month: 8, dispositions: ["已办结", "初步核实"]), received: "2026-08-20T10:00:00+08:00")
        Support.drop(root, "9.xlsx", Support.workbook("东湖区", month: 9, clues: 1), received: "2026-09-20T10:00:00+08:00")
        _ = try Support.run(root, at: "2026-09-27T10:00:00+08:00", config: config)
        let db = try DatabaseQueue(path: root + "/weigai.sqlite")
        try db.write { db in
            try db.execute(sql: "UPDATE ledger_snapshot SET state = x'05ff'")
            try db.execute(sql: "UPDATE ledger_retired SET entry = x'00'")
        }
        try db.close()
        Support.drop(root, "10.xlsx", Support.workbook("东湖区", month: 10, cluesOf: 8, dispositions: ["初步核实", "谈话函询"]),
                     received: "2026-10-20T10:00:00+08:00")
        #expect(try Support.run(root, at: "2026-10-27T10:00:00+08:00", config: config).reports.map(\.period.month) == [10])
        #expect(Support.text(root + "/out/2026-10/anomalies.csv").contains(Rules.clueRegressed.id))
        let fresh = try Self.builtInOneGo(root, config: config, at: "2026-10-28T10:00:00+08:00")
        #expect(Support.snapshot(fresh + "/out") == Support.snapshot(root + "/out"))
        #expect(try Self.ledgerTables(fresh).retired == Self.ledgerTables(root).retired)
    }

    /// Without a snapshot the ledger is replayed from the registers of the stored extractions (the
    /// latest received of each district and month): November then publishes, and stores as its
    /// ledger, what it does when it takes the ledger from October's snapshot.
    @Test func aLedgerReplayedFromTheExtractionsIsTheSnapshotsLedger() throws {
        let config = Support.config(roster: ["东湖区", "西山区"])
        let roots = [Support.root(), Support.root()]
        for root in roots {
            for d in ["东湖区", "西山区"] {
                Support.drop(root, "8/\(d).xlsx", Support.workbook(d, month: 8, dispositions: ["已办结", "初步核实"]),
                             received: "2026-08-20T10:00:00+08:00")
                Support.drop(root, "9/\(d).xlsx", Support.workbook(d, month: 9, clues: 1), received: "2026-09-20T10:00:00+08:00")
            }
            // A corrected September: its register, not the first one, is the month's.
            Support.drop(root, "9/东湖区（更正）.xlsx", Support.workbook("东湖区", month: 9, clues: 1, dispositions: ["已办结"]),
                         received: "2026-09-25T10:00:00+08:00")
            Support.drop(root, "10/东湖区.xlsx", Support.workbook("东湖区", month: 10, clues: 1, cluesOf: 9, dispositions: ["初步核实"]),
                         received: "2026-10-20T10:00:00+08:00")
            _ = try Support.run(root, at: "2026-10-27T10:00:00+08:00", config: config)
            for d in ["东湖区", "西山区"] {
                Support.drop(root, "11/\(d).xlsx", Support.workbook(d, month: 11, cluesOf: 8, dispositions: ["初步核实", "谈话函询"]),
                             received: "2026-11-20T10:00:00+08:00")
            }
        }
        let db = try DatabaseQueue(path: roots[1] + "/weigai.sqlite")
        try db.write { db in try db.execute(sql: "DELETE FROM ledger_snapshot") }
        try db.close()
        for root in roots {
            #expect(try Support.run(root, at: "2026-11-27T10:00:00+08:00", config: config).reports.map(\.period.month) == [11])
        }
        #expect(Support.text(roots[0] + "/out/2026-11/anomalies.csv").contains(Rules.clueRegressed.id))
        #expect(Support.snapshot(roots[1] + "/out") == Support.snapshot(roots[0] + "/out"))
        #expect(try Self.views(roots[1]) == Self.views(roots[0]))
        let snapshots = try roots.map { root in
            try DatabaseQueue(path: root + "/weigai.sqlite").read { db in
                try Data.fetchOne(db, sql: "SELECT state FROM ledger_snapshot WHERE period = '2026-11'")
            }
        }
        #expect(snapshots[0] != nil && snapshots[1] == snapshots[0])
        // The same clues retired until November (a replay keeps no record of September's clue, brought back in October).
        let retired = try roots.map { try Self.ledgerTables($0).retired.filter { $0[1] == "NULL" || $0[1] >= "2026-11" } }
        #expect(!retired[0].isEmpty && retired[1] == retired[0])
    }

    /// A clue registered again in a later month is found from the store, without the earlier workbook.
    @Test func clueRegisteredAgainIsFoundFromTheStore() throws {
        let root = Support.root()
        Support.drop(root, "10.xlsx", Support.workbook("东湖区", month: 10), received: "2026-10-20T10:00:00+08:00")
        _ = try Support.run(root, at: "2026-10-27T10:00:00+08:00")
        // November repeats October's register under November's title.
        Support.drop(root, "11.xlsx", Support.workbook("东湖区", month: 11, cluesOf: 10), received: "2026-11-20T10:00:00+08:00")
        _ = try Support.run(root, at: "2026-11-27T10:00:00+08:00")
        let rows = Support.rows(root + "/out/2026-11/anomalies.csv").filter { $0.contains(Rules.clueRegisteredAgain.id) }
        #expect(rows.count == 2)
        // And it is the same finding a run over the whole archive, read again, gives.
        var all = MonthlyRun(root: root, config: Support.config(), now: Support.date("2026-11-28T10:00:00+08:00"), logger: Support.quiet)
        all.rebuildAll = true
        let before = Support.snapshot(root + "/out")
        _ = try all.run()
        #expect(Support.snapshot(root + "/out") == before)
    }

    /// A late September file whose clues November registers again rebuilds November for its
    /// clues (its clue ledger, outside its one-month window), and October for its window — also
    /// when the run that stored it was killed before publishing.
    @Test(arguments: [false, true])
    func lateFileRebuildsTheMonthsRepeatingItsClues(killedFirst: Bool) throws {
        var config = Support.config(roster: ["东湖区"])
        config.historyMonths = 1
        let root = Support.root()
        Support.drop(root, "10.xlsx", Support.workbook("东湖区", month: 10), received: "2026-10-20T10:00:00+08:00")
        Support.drop(root, "11.xlsx", Support.workbook("东湖区", month: 11, cluesOf: 9), received: "2026-11-20T10:00:00+08:00")
        _ = try Support.run(root, at: "2026-11-27T10:00:00+08:00", config: config)
        #expect(!Support.text(root + "/out/2026-11/anomalies.csv").contains(Rules.clueRegisteredAgain.id))
        Support.drop(root, "9.xlsx", Support.workbook("东湖区", month: 9), received: "2026-11-28T10:00:00+08:00")
        if killedFirst {
            var killed = MonthlyRun(root: root, config: config, now: Support.date("2026-11-29T10:00:00+08:00"), logger: Support.quiet)
            killed.storeFault = .storeAfterIntake
            #expect(throws: RunError.self) { try killed.run() }
        }
        let after = try Support.run(root, at: "2026-11-29T10:00:00+08:00", config: config)
        #expect(after.reports.map(\.period.month) == [9, 10, 11])
        #expect(after.reports.last?.reason == "更早月份的文件有变化（线索台账）")
        #expect(Support.text(root + "/out/2026-11/anomalies.csv").contains(Rules.clueRegisteredAgain.id))
    }
}
