import Store

/// Where a test stops a run's writes to the history store, as a kill would.
enum StoreFault: CaseIterable {
    /// The new workbooks are archived and stored; nothing is published yet.
    case storeAfterIntake
    /// A month's outputs are published; its tables are not in the store yet.
    case storeBeforeMonth
}

/// The run summary's line about a history store begun anew.
enum StoreNotice {
    static func text(_ rebuild: HistoryStore.Rebuild, path: String) -> String {
        switch rebuild {
        case .absent:
            return "\(path) 不存在，已从归档建立"
        case .damaged(let aside, let detail):
            return "\(path) 已损坏（\(detail)），已移至 \(aside)，并从归档重建"
        case .extractorChanged(let old):
            return "读取程序版本由 \(old) 变为当前版本，\(path) 已从归档重建"
        case .schemaChanged(let old):
            return "\(path) 的表结构版本 \(old) 已过时，已从归档重建"
        case .tablesChanged:
            return "输出表的列有变化，\(path) 中各月的表已重新写入"
        }
    }
}
