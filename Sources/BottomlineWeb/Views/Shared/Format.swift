import BottomlineDomain
import Foundation

/// How numbers, times, phones and deadlines are written on every page.
enum Format {
    /// 1234567 → "1,234,567".
    static func number(_ n: Int) -> String { n.grouped }

    /// An indicator as a page shows it: counts with thousands separators, rates and averages as the catalogue prints them.
    static func figure(_ indicator: Indicator, _ counts: Counts) -> String {
        guard indicator.denominator == nil, let v = indicator.value(counts) else { return indicator.text(counts) }
        return number(Int(v.rounded()))
    }

    /// A moment in China Standard Time, to the minute.
    static func time(_ date: Date) -> String {
        let f = DateFormatter()
        f.timeZone = .chinaStandard
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: date)
    }

    /// 13912345678 → "139****5678".
    static func maskedPhone(_ phone: String) -> String {
        phone.count >= 11 ? phone.prefix(3) + "****" + phone.suffix(4) : phone
    }

    /// A 补贴发放账号 by its first and last four digits, as bank receipts print it.
    static func maskedAccount(_ account: String) -> String {
        account.count > 8 ? account.prefix(4) + " **** " + account.suffix(4) : String(repeating: "*", count: account.count)
    }

    /// A code's label, or the stored text when the code is unknown.
    static func label<L: CodeList>(_ type: L.Type, _ raw: String?) -> String {
        guard let raw else { return "" }
        return L(rawValue: raw)?.label ?? raw
    }

    /// The tag beside a deadline: overdue in red, due soon in amber, nothing while there is time.
    static func dueTag(_ due: CivilDate?, today: CivilDate) -> HTML {
        guard let due else { return "" }
        switch DeadlineState(due: due, on: today) {
        case .overdue(let days): return "<span class=\"tag bad\">已超期\(days)天</span>"
        case .dueSoon(let left): return "<span class=\"tag mon\">\(left == 0 ? "今天到期" : "\(left)天后到期")</span>"
        case .later: return ""
        }
    }

    /// Why a rate prints "—": for each indicator some unit of the table cannot compute, its denominator (the words after
    /// "÷" in its meaning), e.g. "15天内完成识别比例：本期没有“完成识别纳入的”". Empty when every figure is defined.
    static func undefinedNote(_ indicators: [Indicator], _ units: [Counts]) -> HTML {
        let missing = indicators.filter { i in units.contains { i.value($0) == nil } }
        guard !missing.isEmpty else { return "" }
        let reasons = missing.map { i -> String in
            let base = i.meaning.components(separatedBy: "÷").last?.trimmingCharacters(in: .whitespaces) ?? i.meaning
            return "\(i.name)：该单位本期没有“\(base)”"
        }
        return "<p class=\"small muted\">“—”表示分母为零、比例无从计算（不是零，也不参与排名）。\(reasons.joined(separator: "；"))。</p>"
    }
}
