import Foundation

/// A calendar date with no time of day or zone (birth dates, event dates, deadlines). Stored as `YYYY-MM-DD` text so it
/// sorts and compares the same way on SQLite and PostgreSQL and never shifts with a server's time zone.
public struct CivilDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// `YYYYMMDD`.
    public init?(compact: String) {
        guard let date = Self.compact(compact.utf8) else { return nil }
        self = date
    }

    /// Eight ASCII digits `YYYYMMDD` as bytes (the birth date inside an ID number, read a million times by a county's
    /// checks without making a String of it), or nil.
    public static func compact<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> CivilDate? {
        guard bytes.count == 8 else { return nil }
        var year = 0, month = 0, day = 0, i = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let digit = Int(byte - UInt8(ascii: "0"))
            if i < 4 { year = year * 10 + digit } else if i < 6 { month = month * 10 + digit } else { day = day * 10 + digit }
            i += 1
        }
        return CivilDate(year: year, month: month, day: day)
    }

    /// `YYYY-MM-DD`, also `YYYY/MM/DD`, `YYYY.MM.DD`, `YYYY年M月D日` and `YYYYMMDD` as office files write them.
    public init?(parsing raw: String) {
        // The form the database stores, read a million times by a county's checks: digit by digit, no splitting.
        if raw.utf8.count == 10, let date = Self.dashed(raw.utf8) {
            self = date
            return
        }
        let text = raw.trimmingASCIISpaces()
        if text.count == 8, let date = CivilDate(compact: text) {
            self = date
            return
        }
        let parts = text.split(whereSeparator: { "-/.年月日".contains($0) })
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), parts[0].count == 4
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// "YYYY-MM-DD" exactly, or nil (the caller then reads the other forms).
    static func dashed(_ bytes: String.UTF8View) -> CivilDate? {
        var year = 0, month = 0, day = 0, i = 0
        for byte in bytes {
            if i == 4 || i == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
            } else {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                let digit = Int(byte - UInt8(ascii: "0"))
                if i < 4 { year = year * 10 + digit } else if i < 7 { month = month * 10 + digit } else { day = day * 10 + digit }
            }
            i += 1
        }
        return CivilDate(year: year, month: month, day: day)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Today in China Standard Time, where every user of this program is (or the day tests pinned, see `pinToday`).
    public static var today: CivilDate { TodayPin.shared.day ?? CivilDate(Date(), timeZone: .chinaStandard) }

    /// Pins `today` for the whole process. Only tests call this, so that the figures and page snapshots they compare
    /// do not move with the calendar; nothing in the program pins it.
    public static func pinToday(_ day: CivilDate) { TodayPin.shared.set(day) }

    /// The moment records are stamped with (audit rows, case steps, imports): the real one, or — once tests pin the
    /// day — a moment on the pinned day (from noon, China time, advancing with the real clock), so a stamp's date
    /// agrees with `today` and stamps keep their order.
    public static var now: Date { TodayPin.shared.now ?? Date() }

    public init(_ date: Date, timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        self.init(year: c.year!, month: c.month!, day: c.day!)!
    }

    /// Whole years of age on `date`.
    public func age(on date: CivilDate) -> Int {
        var years = date.year - year
        if (date.month, date.day) < (month, day) { years -= 1 }
        return years
    }

    /// Days since 1970-01-01, for date arithmetic (deadlines, day counts).
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(dayNumber z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)!
    }

    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }
    public func days(until other: CivilDate) -> Int { other.dayNumber - dayNumber }

    /// "2026-11-16". Written digit by digit: `String(format:)` here was 2 % of a million-person import (a birth date
    /// per person).
    public var description: String {
        guard (0...9999).contains(year), (0...99).contains(month), (0...99).contains(day) else {
            return String(format: "%04d-%02d-%02d", year, month, day)
        }
        let digit = { (n: Int) in UInt8(ascii: "0") + UInt8(n) }
        let bytes: [UInt8] = [digit(year / 1000), digit(year / 100 % 10), digit(year / 10 % 10), digit(year % 10), UInt8(ascii: "-"),
                              digit(month / 10), digit(month % 10), UInt8(ascii: "-"), digit(day / 10), digit(day % 10)]
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let date = CivilDate(parsing: raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "日期格式错误：\(raw)"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension TimeZone {
    public static let chinaStandard = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
}

/// The pinned day behind `CivilDate.today`, read on every call and so kept behind a lock.
private final class TodayPin: @unchecked Sendable {
    static let shared = TodayPin()
    private let lock = NSLock()
    private var pinned: CivilDate?
    /// Noon of the pinned day in China, and the real moment the pin was first set.
    private var noon = Date()
    private var since = Date()
    var day: CivilDate? { lock.withLock { pinned } }
    var now: Date? { lock.withLock { pinned.map { _ in noon.addingTimeInterval(Date().timeIntervalSince(since)) } } }
    func set(_ day: CivilDate) {
        lock.withLock {
            guard pinned != day else { return }
            pinned = day
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = .chinaStandard
            noon = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: 12)) ?? Date()
            since = Date()
        }
    }
}

extension CivilDate {
    /// The same day `months` later, or the month's last day when it has fewer days.
    public func adding(months: Int) -> CivilDate {
        let total = year * 12 + (month - 1) + months
        let y = total / 12, m = total % 12 + 1
        return CivilDate(year: y, month: m, day: min(day, CivilDate.daysIn(month: m, year: y)))!
    }
}
