/// The year's days off and the weekend days worked, as the State Council's 部分节假日安排 sets them each year: a period
/// counted in days whose last day falls on a 法定休假日 ends on the first working day after it (民法典 第二百零三条).
///
/// Only the years whose arrangement has been entered are read; in any other year no day is moved, because whether a
/// weekend is worked (调休) is not known until the arrangement is published.
public struct WorkCalendar: Sendable, Equatable {
    /// Holidays and the days taken off for them (放假调休), weekends inside a holiday included.
    public var daysOff: Set<CivilDate>
    /// Weekend days worked in exchange (调休上班).
    public var workdays: Set<CivilDate>
    /// The years whose arrangement is entered.
    public var years: Set<Int>

    public init(daysOff: Set<CivilDate> = [], workdays: Set<CivilDate> = [], years: Set<Int> = []) {
        self.daysOff = daysOff
        self.workdays = workdays
        self.years = years
    }

    public static let none = WorkCalendar()

    /// 0 for Monday … 6 for Sunday (1970-01-01 was a Thursday).
    public static func weekday(_ day: CivilDate) -> Int { ((day.dayNumber + 3) % 7 + 7) % 7 }

    /// Whether `day` is a 法定休假日 under the entered arrangement; nil for a year not entered.
    public func isDayOff(_ day: CivilDate) -> Bool? {
        guard years.contains(day.year) else { return nil }
        if workdays.contains(day) { return false }
        return daysOff.contains(day) || Self.weekday(day) >= 5
    }

    /// The last day of a period that would end on `due`: `due` itself, or the first working day after the days off
    /// it falls on.
    public func lastDay(_ due: CivilDate) -> CivilDate {
        var day = due
        // A year has at most a few weeks of consecutive days off; the bound only guards against a malformed calendar.
        for _ in 0..<60 where isDayOff(day) == true { day = day.adding(days: 1) }
        return day
    }

    /// Problems with one year's arrangement as entered: a day off or workday outside the year, a workday that is not a
    /// weekend, a day both off and worked.
    public static func problems(year: Int, daysOff: Set<CivilDate>, workdays: Set<CivilDate>) -> [String] {
        var out: [String] = []
        if let d = (daysOff.union(workdays)).filter({ $0.year != year }).min() { out.append("\(d)不在\(year)年内") }
        if let d = workdays.filter({ weekday($0) < 5 }).min() { out.append("调休上班日\(d)不是周末") }
        if let d = daysOff.intersection(workdays).min() { out.append("\(d)既是放假日又是上班日") }
        if daysOff.isEmpty { out.append("请填写放假日期") }
        return out
    }

    /// Days typed as a list: single days and spans "2027-01-01至2027-01-03" (or with "~"), separated by commas, 、 or
    /// line breaks. Returns the days, or what could not be read.
    public static func parse(_ text: String) -> Result<Set<CivilDate>, FieldProblem> {
        var out: Set<CivilDate> = []
        let items = text.split { ",，、;；\n\r\t ".contains($0) }.map(String.init)
        guard items.count <= 400 else { return .failure(FieldProblem("日期过多")) }
        for item in items {
            let ends = item.split { "至~～".contains($0) }.map(String.init)
            guard (1...2).contains(ends.count), let from = CivilDate(parsing: ends[0]), let to = CivilDate(parsing: ends.last!), from <= to, from.days(until: to) < 40 else {
                return .failure(FieldProblem("无法识别“\(item.prefix(30))”：请写成2027-01-01或2027-01-01至2027-01-03"))
            }
            var day = from
            while day <= to { out.insert(day); day = day.adding(days: 1) }
        }
        return .success(out)
    }

    /// The days as the parser reads them back: consecutive days joined as spans.
    public static func text(_ days: Set<CivilDate>) -> String {
        var spans: [(CivilDate, CivilDate)] = []
        for d in days.sorted() {
            if let last = spans.last, last.1.adding(days: 1) == d { spans[spans.count - 1].1 = d } else { spans.append((d, d)) }
        }
        return spans.map { $0.0 == $0.1 ? $0.0.description : "\($0.0)至\($0.1)" }.joined(separator: "、")
    }
}
