/// How a written cell looks. Each distinct style becomes one `cellXfs` entry of `styles.xml`;
/// the default style is entry 0, what a cell written without a style gets.
public struct CellStyle: Hashable, Sendable {
    public enum Horizontal: String, Sendable { case general, left, center, right }
    public enum Vertical: String, Sendable { case top, center, bottom }

    public var bold: Bool
    public var fontSize: Double
    public var fontName: String
    public var horizontal: Horizontal
    public var vertical: Vertical
    public var wrap: Bool
    /// A thin border on all four sides.
    public var border: Bool
    /// A custom number format code such as `0.00` or `yyyy-mm-dd`; nil for General.
    public var numberFormat: String?

    public init(bold: Bool = false, fontSize: Double = 11, fontName: String = "宋体",
                horizontal: Horizontal = .general, vertical: Vertical = .center,
                wrap: Bool = false, border: Bool = false, numberFormat: String? = nil) {
        self.bold = bold
        self.fontSize = fontSize
        self.fontName = fontName
        self.horizontal = horizontal
        self.vertical = vertical
        self.wrap = wrap
        self.border = border
        self.numberFormat = numberFormat
    }

    /// Why Excel would refuse the style, or nil.
    var problem: String? {
        if !(1...409).contains(fontSize) { return "font size \(fontSize) is outside 1–409" }
        if fontName.isEmpty || fontName.utf16.count > 31 { return "font name \"\(fontName)\" is empty or over 31 characters" }
        if let f = numberFormat, f.isEmpty || f.utf16.count > 255 { return "number format \"\(f)\" is empty or over 255 characters" }
        return nil
    }
}
