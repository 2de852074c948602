import Testing
@testable import BottomlineDomain

/// Builds a valid number from its first 17 digits.
func validID(_ first17: String) -> String { first17 + String(ResidentID.checkCharacter(for: first17)) }

@Suite("公民身份号码 (GB 11643)")
struct ResidentIDTests {
    @Test("a number with the right check character is accepted, and sex and birth date are read from it")
    func valid() throws {
        let id = try ResidentID(validating: "11010519491231002X")
        #expect(id.value == "11010519491231002X")
        #expect(id.birthDate == CivilDate(year: 1949, month: 12, day: 31))
        #expect(id.sex == .female)
        let man = try ResidentID(validating: validID("41168119800101123"))
        #expect(man.sex == .male)
    }

    @Test("a lowercase x is upper-cased and surrounding spaces are dropped")
    func lowercaseX() throws {
        #expect(try ResidentID(validating: " 11010519491231002x ").value == "11010519491231002X")
    }

    @Test("a wrong check character is refused with the expected one named")
    func badCheckDigit() {
        #expect(throws: ResidentID.Problem.badCheckCharacter(expected: "X", found: "3")) {
            try ResidentID(validating: "110105194912310023")
        }
    }

    @Test("an impossible or future birth date is refused", arguments: ["19800230", "19801301", "21000101", "18000101"])
    func badDate(date: String) {
        let number = validID("411681" + date + "123")
        #expect(throws: ResidentID.Problem.badBirthDate(date)) {
            try ResidentID(validating: number, today: CivilDate(year: 2026, month: 11, day: 22)!)
        }
    }

    @Test("a 15-digit legacy number becomes the 18-digit form with 19 inserted and a computed check character")
    func legacyConversion() throws {
        let id = try ResidentID(validating: "411681800101123")
        #expect(id.value == validID("41168119800101123"))
        #expect(id.birthDate == CivilDate(year: 1980, month: 1, day: 1))
    }

    @Test("wrong length, letters and unknown provinces are refused with a Chinese message")
    func malformed() {
        #expect(throws: ResidentID.Problem.wrongLength(5)) { try ResidentID(validating: "41168") }
        #expect(throws: ResidentID.Problem.empty) { try ResidentID(validating: "  ") }
        #expect(throws: ResidentID.Problem.badCharacters) { try ResidentID(validating: "4116811980010112AB") }
        #expect(throws: ResidentID.Problem.unknownProvince("99")) { try ResidentID(validating: validID("99168119800101123")) }
        #expect(ResidentID.Problem.wrongLength(5).description.contains("18位"))
    }

    @Test("lists show the number masked as area code, eight stars and the last four")
    func masking() throws {
        let id = try ResidentID(validating: validID("41168119800101123"))
        #expect(id.masked == "411681********" + id.value.suffix(4))
        #expect(!id.masked.contains("19800101"))
    }
}
