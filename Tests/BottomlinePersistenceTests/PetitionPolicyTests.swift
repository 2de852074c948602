import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Testing

/// The 信访 deadlines ship as effective-dated policy (migration 041): a county reads 信访工作条例's from 2022-05-01 and
/// nothing before it.
@Suite("涉贫信访期限")
struct PetitionPolicyTests {
    @Test("a county reads 15, 60, 30, 30 and 30 days from 2022-05-01, and no deadlines the day before; the 2025 and 2026 节假日安排 ship with them")
    func shipped() async throws {
        try await withTestApp { app in
            let county = RegionCode("411681")!
            let book = try await PolicyStore.book(for: county, on: app.db)
            var expected = PetitionDeadlines.regulation2022
            expected.calendar = book.calendar
            #expect(book.petitionDeadlines(for: county, on: CivilDate(year: 2022, month: 5, day: 1)!) == expected)
            #expect(book.calendar.years == [2025, 2026])
            // 春节 2026: 15 to 23 February off, Saturday 14 and 28 February worked; 劳动节 2025.
            #expect(book.calendar.isDayOff(CivilDate(year: 2026, month: 2, day: 23)!) == true && book.calendar.isDayOff(CivilDate(year: 2026, month: 2, day: 14)!) == false)
            #expect(book.calendar.isDayOff(CivilDate(year: 2025, month: 5, day: 5)!) == true && book.calendar.isDayOff(CivilDate(year: 2025, month: 4, day: 27)!) == false)
            #expect(book.calendar.daysOff.count == 28 + 33)
            #expect(book.petitionDeadlines(for: county, on: CivilDate(year: 2022, month: 4, day: 30)!) == nil)
        }
    }
}
