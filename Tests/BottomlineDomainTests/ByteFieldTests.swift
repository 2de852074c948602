import BottomlineDomain
import Testing

@Suite("按字节读取身份证号、日期、金额")
struct ByteFieldTests {
    func bytes<T>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        var copy = s
        return copy.withUTF8(body)
    }

    @Test("every day of 1900–2100 reads the same through the fast and the general path; impossible dates are refused")
    func dates() {
        var day = CivilDate(year: 1900, month: 1, day: 1)!
        while day.year <= 2100 {
            let dashed = day.description
            #expect(bytes(dashed) { ByteFields.dayNumber($0) } == day.dayNumber)
            if day.day == 28 {
                #expect(bytes(dashed.replacingOccurrences(of: "-", with: "/") + " 10:00:00") { ByteFields.dayNumber($0) } == day.dayNumber)
                #expect(bytes("\(day.year)\(String(format: "%02d", day.month))\(day.day)") { ByteFields.dayNumber($0) } == day.dayNumber)
                #expect(bytes("\(day.year).\(day.month).\(day.day)") { ByteFields.dayNumber($0) } == day.dayNumber)
            }
            day = day.adding(days: 1)
        }
        for bad in ["2026-02-30", "2026-13-01", "2026-00-10", "2026-1a-01", "1899-12-31", "", "明天", "2026-03"] {
            #expect(bytes(bad) { ByteFields.dayNumber($0) } == nil, "\(bad)")
        }
    }

    @Test("an ID's key agrees with the full validation: the right check character passes, every wrong one fails")
    func ids() {
        var seed: UInt64 = 7
        for _ in 0..<2000 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            let n = Int(seed >> 40)
            let body = "4116811970" + String(format: "%02d%02d%03d", n % 12 + 1, n / 12 % 28 + 1, n / 400 % 1000)
            let right = ResidentID.checkCharacter(for: body)
            for c in "0123456789X" {
                let result = bytes(body + String(c)) { ByteFields.idKey($0) }
                if c == right { #expect(try! result.get() == UInt64(body)!) } else { #expect(result == .failure(.checkCharacter)) }
            }
        }
    }

    @Test("an ID whose birth date the registry would refuse — 2月30日, month 13, before 1880, after today — is a problem row, not a key")
    func idBirthDates() {
        let today = 2026_11_16
        for body in ["41168119800230001", "41168119801301001", "41168118790101001", "41168120261117001", "41168119800100001"] {
            let id = body + String(ResidentID.checkCharacter(for: body))
            #expect(bytes(id) { ByteFields.idKey($0, latestBirth: today) } == .failure(.birthDate), "\(id)")
        }
        let fine = "41168120261116001"
        #expect((try? bytes(fine + String(ResidentID.checkCharacter(for: fine))) { ByteFields.idKey($0, latestBirth: today) }.get()) == UInt64(fine))
        #expect(bytes("411681800230001") { ByteFields.idKey($0) } == .failure(.birthDate), "a 15-digit number is checked as widened")
    }

    @Test("amounts read as 分; an empty amount is missing, not zero; negative, malformed and absurd amounts are refused")
    func amounts() {
        #expect(bytes("1234.56") { ByteFields.fen($0) } == .success(123_456))
        #expect(bytes("1,234.5") { ByteFields.fen($0) } == .success(123_450))
        #expect(bytes(" 7 ") { ByteFields.fen($0) } == .success(700))
        let empty = bytes("  ") { ByteFields.fen($0) }
        if case .failure(.missing) = empty {} else { Issue.record("an empty amount was read as a number") }
        let negative = bytes("-3") { ByteFields.fen($0) }, malformed = bytes("12元") { ByteFields.fen($0) }
        let absurd = bytes("99999999999999") { ByteFields.fen($0) }
        if case .failure(.negative) = negative {} else { Issue.record("negative accepted") }
        if case .failure(.malformed) = malformed {} else { Issue.record("malformed accepted") }
        if case .failure(.tooLarge) = absurd {} else { Issue.record("absurd accepted") }
    }
}
