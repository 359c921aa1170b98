import Testing
@testable import Forms

/// 联系电话: a mobile (11 digits beginning with 1) or a fixed-line number (7–8 digits not
/// beginning with 0 or 1, optionally an area code 0 + 2–3 digits, in parentheses or not, and an
/// extension after -, 转 or ext); groups separated by spaces or hyphens. Everything else is malformed.
@Suite struct PhoneNumberTests {
    static let valid = [
        // mobile
        "13812345678", "19912345678", "10012345678", "138 1234 5678", "138-1234-5678", "１３８１２３４５６７８",
        " 13812345678 ", "13812345678\u{3000}",
        // fixed line, no area code
        "86123456", "8612345", "2345678", "8612-3456", "8612 3456",
        // with an area code
        "0791-86123456", "010-62345678", "0791 86123456",
        "079186123456", "(0791)86123456", "(0791) 86123456", "(0791)-86123456", "（0791）86123456", "010-6234567",
        "0791－86123456", "(010)62345678",
        // with an extension
        "0791-86123456-801", "0791-86123456转801", "0791-86123456 转 801", "0791-86123456ext801",
        "0791-86123456 ext 801", "86123456-8", "86123456EXT12", "(0791)86123456转8",
        // several numbers
        "13812345678、0791-86123456", "13812345678，13912345678", "0791-86123456/13812345678",
    ]

    static let invalid = [
        "", "待定", "无", "1381234567", "138123456789", "23812345678", "+86 13812345678", "8613812345678",
        "0123456", "1234567", "123456", "612345", "861234567",           // fixed line: 7–8 digits, not 0/1 first
        "0791-0612345", "0791-1612345", "07-86123456", "07912-86123456",  // area codes of 0 + 2–3 digits only
        "(0791 86123456", "0791)86123456", "[0791]86123456", "791-86123456",
        "0791-86123456-", "0791-86123456转", "0791-86123456 ext", "0791-86123456#801", "86123456 x 801",
        "138_1234_5678", "138.1234.5678", "138--1234-5678", "0791——86123456", "0791—86123456",
        "13812345678、", "、13812345678", "13812345678、待定", "138 1234 567a", "电话13812345678",
        "13812345678-801", "13812345678转801",                              // a mobile has no extension
    ]

    @Test(arguments: valid)
    func validNumbersRaiseNothing(_ number: String) {
        #expect(PhoneNumber.isValid(number), "\(number.debugDescription) should be valid")
    }

    @Test(arguments: invalid)
    func everythingElseIsMalformed(_ number: String) {
        #expect(!PhoneNumber.isValid(number), "\(number.debugDescription) should be malformed")
    }
}
