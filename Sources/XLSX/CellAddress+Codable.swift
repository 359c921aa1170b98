/// A cell is stored as its A1 reference (`B7`): compact, and readable in a stored extraction.
extension CellAddress: Codable {
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let address = CellAddress(text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a cell reference: \(text)")
        }
        self = address
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(a1)
    }
}
