/// Bounds on what a package may inflate to; past them the reader refuses the file.
public struct ReadLimits: Sendable, Equatable {
    /// Most entries an archive may hold.
    public var maxEntries: Int
    /// Most bytes all parts of one package may inflate to, together.
    public var maxTotalBytes: Int64
    /// Highest inflated / compressed ratio of one part, once it is past `ratioFloorBytes`.
    public var maxRatio: Int64
    /// Parts smaller than this are never refused for their ratio (tiny parts compress extremely).
    public var ratioFloorBytes: Int64

    public init(maxEntries: Int = 10_000, maxTotalBytes: Int64 = 4 << 30,
                maxRatio: Int64 = 200, ratioFloorBytes: Int64 = 4 << 20) {
        self.maxEntries = maxEntries
        self.maxTotalBytes = maxTotalBytes
        self.maxRatio = maxRatio
        self.ratioFloorBytes = ratioFloorBytes
    }

    public static let `default` = ReadLimits()
}
