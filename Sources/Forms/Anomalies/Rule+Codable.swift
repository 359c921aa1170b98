/// A rule is stored by its id alone: the catalog (`Rules.all`) holds its texts, so a stored
/// finding always renders with the catalog it is read back with.
extension Rule: Codable {
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let id = try c.decode(String.self)
        guard let rule = Rules.rule(id: id) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "no rule \(id) in the catalog")
        }
        self = rule
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(id)
    }
}
