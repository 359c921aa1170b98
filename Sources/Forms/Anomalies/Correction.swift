/// A suggested correction: one cell and the value it should hold (`附件1!E8` → `12`). Findings
/// that suggest the same correction share one root cause (`RootCause`).
public struct Correction: Sendable, Hashable, Codable {
    /// `Sheet!A1`.
    public let place: String
    /// The value the cell should hold, as written in the suggestion.
    public let value: String

    public init(place: String, value: String) {
        self.place = place
        self.value = value
    }
}
