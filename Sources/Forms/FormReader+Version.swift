extension FormReader {
    /// The extractor's version: raise it whenever what reading a workbook produces changes
    /// (a value, a finding, a field). The history store keeps extractions under this number
    /// and rebuilds them from the archive when it differs.
    public static let version = 1
}
