import BottomlineDomain
import BottomlinePersistence
import BottomlineTestSupport
import Testing

/// The 信访 deadlines ship as effective-dated policy (migration 041): a county reads 信访工作条例's from 2022-05-01 and
/// nothing before it.
@Suite("涉贫信访期限")
struct PetitionPolicyTests {
    @Test("a county reads 15, 60, 30, 30 and 30 days from 2022-05-01, and no deadlines the day before")
    func shipped() async throws {
        try await withTestApp { app in
            let county = RegionCode("411681")!
            let book = try await PolicyStore.book(for: county, on: app.db)
            #expect(book.petitionDeadlines(for: county, on: CivilDate(year: 2022, month: 5, day: 1)!) == .regulation2022)
            #expect(book.petitionDeadlines(for: county, on: CivilDate(year: 2022, month: 4, day: 30)!) == nil)
        }
    }
}
