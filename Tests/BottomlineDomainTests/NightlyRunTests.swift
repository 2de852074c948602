import BottomlineDomain
import Foundation
import Testing

/// The nightly 疑点数据核查 runs at a Beijing hour whatever the server's time zone.
@Suite("夜间任务时间")
struct NightlyRunTests {
    static func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test("the next 02:00 Beijing time: later the same Beijing day, the next day once it has passed, never the moment itself")
    func next() {
        // 18:00 in Beijing (10:00 UTC): 02:00 the next Beijing day is 18:00 UTC the same UTC day.
        #expect(NightlyRun.next(after: Self.utc("2026-12-05T10:00:00Z"), hour: 2) == Self.utc("2026-12-05T18:00:00Z"))
        // 01:59 in Beijing: a minute later.
        #expect(NightlyRun.next(after: Self.utc("2026-12-04T17:59:00Z"), hour: 2) == Self.utc("2026-12-04T18:00:00Z"))
        // At 02:00 exactly: tomorrow's.
        #expect(NightlyRun.next(after: Self.utc("2026-12-04T18:00:00Z"), hour: 2) == Self.utc("2026-12-05T18:00:00Z"))
        // Midnight Beijing (hour 0) across a month's end.
        #expect(NightlyRun.next(after: Self.utc("2026-11-30T16:30:00Z"), hour: 0) == Self.utc("2026-12-01T16:00:00Z"))
    }
}
