import Forms

extension ExtractedFile {
    /// The file as the run files it: a table whose month cannot be told (its title lacks one,
    /// which is reported) counts for the month the file was received in.
    func filed(receivedIn month: Period) -> ExtractedFile {
        // Nearly every table tells its month: the file is then itself, not a copy of its tables.
        guard attachment1.contains(where: { $0.meta.period == nil }) || registers.contains(where: { $0.meta.period == nil })
        else { return self }
        var f = self
        for i in f.attachment1.indices where f.attachment1[i].meta.period == nil { f.attachment1[i].meta.period = month }
        for i in f.registers.indices where f.registers[i].meta.period == nil { f.registers[i].meta.period = month }
        return f
    }

    /// The months the file's tables report, in order; a file without tables (unreadable, or no
    /// table recognised) belongs to the month it was received in.
    func periods(receivedIn month: Period) -> [Period] {
        let filed = filed(receivedIn: month)
        let months = Set(filed.attachment1.compactMap(\.meta.period) + filed.registers.compactMap(\.meta.period))
        return months.isEmpty ? [month] : months.sorted()
    }
}
