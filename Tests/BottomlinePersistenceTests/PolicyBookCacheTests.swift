import BottomlineDomain
@testable import BottomlinePersistence
import BottomlineTestSupport
import Fluent
import Foundation
import SQLKit
import Testing

/// The policy book is kept between reads (`PolicyBookCache`); these say it is never kept past a change of its tables,
/// however the change was written, and never handed to another database.
@Suite("政策参数缓存：改了就重读", .serialized)
struct PolicyBookCacheTests {
    let village = RegionCode("411681101201")!
    let county = RegionCode("411681")!
    let day = CivilDate(year: 2025, month: 1, day: 1)!
    let admin = Actor(userID: nil, username: "admin", role: .admin, region: RegionCode("41")!)

    func line(_ db: any Database) async throws -> Money? {
        try await PolicyStore.book(for: village, on: db).incomeLine(forIncomeYear: 2025, place: village)
    }

    @Test("a setting entered through the store, or written by SQL past it, is in the next book read")
    func writesSeen() async throws {
        try await withTestApp { app in
            #expect(try await line(app.db) == nil)
            #expect(try await line(app.db) == nil)   // now kept
            _ = try await PolicyStore.add(.monitoringIncomeLine, value: "8600", region: RegionCode("41")!, effectiveFrom: day,
                                          source: "豫乡振〔2025〕1号（示例）", actor: admin, on: app.db)
            #expect(try await line(app.db) == Money(yuan: 8_600))
            // Past the store: an UPDATE and a DELETE by hand are seen as well.
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("UPDATE policy_settings SET value = '8700.00' WHERE parameter = \(bind: PolicyParameter.monitoringIncomeLine.rawValue)").run()
            #expect(try await line(app.db) == Money(yuan: 8_700))
            try await sql.raw("DELETE FROM policy_settings WHERE parameter = \(bind: PolicyParameter.monitoringIncomeLine.rawValue)").run()
            #expect(try await line(app.db) == nil)
        }
    }

    @Test("a county's wording and a year's 节假日安排 are in the next book read")
    func labelsAndCalendarSeen() async throws {
        try await withTestApp { app in
            let before = try await PolicyStore.book(for: village, on: app.db)
            #expect(before.calendar.years.contains(2031) == false)
            let newYear = CivilDate(year: 2031, month: 1, day: 1)!
            try await PolicyStore.setCalendar(year: 2031, daysOff: [newYear], workdays: [], source: "国办发明电〔2030〕1号（示例）", actor: admin, on: app.db)
            let after = try await PolicyStore.book(for: village, on: app.db)
            #expect(after.calendar.years.contains(2031))
            #expect(after.calendar.daysOff.contains(newYear))
            let names = { try await PolicyStore.book(for: self.village, on: app.db).names(for: self.village, on: self.day) }
            #expect(try await names()(RiskType.illness) == RiskType.illness.label)
            _ = try await PolicyStore.addLabel(.riskType, code: RiskType.illness.rawValue, label: "因病（含慢性病）", inUse: true, region: county,
                                               effectiveFrom: day, source: "县里的叫法（示例）",
                                               actor: Actor(userID: nil, username: "xian", role: .county, region: county), on: app.db)
            #expect(try await names()(RiskType.illness) == "因病（含慢性病）")
        }
    }

    @Test("what a rolled-back transaction wrote is in its own reads and in no read after it")
    func rollback() async throws {
        try await withTestApp { app in
            #expect(try await line(app.db) == nil)
            struct Undo: Error {}
            do {
                try await app.db.transaction { tx in
                    _ = try await PolicyStore.add(.monitoringIncomeLine, value: "9100", region: RegionCode("41")!, effectiveFrom: day,
                                                  source: "撤回的登记", actor: admin, on: tx)
                    #expect(try await line(tx) == Money(yuan: 9_100))
                    #expect(try await line(tx) == Money(yuan: 9_100))
                    throw Undo()
                }
            } catch is Undo {}
            #expect(try await line(app.db) == nil)
            // The next committed change takes the version the rolled-back one had; its own value is read.
            _ = try await PolicyStore.add(.monitoringIncomeLine, value: "8800", region: RegionCode("41")!, effectiveFrom: day,
                                          source: "豫乡振〔2025〕2号（示例）", actor: admin, on: app.db)
            #expect(try await line(app.db) == Money(yuan: 8_800))
        }
    }

    @Test("two databases in one process keep their own books, at the same version number")
    func twoDatabases() async throws {
        try await withTestApp { first in
            try await withTestApp { second in
                _ = try await PolicyStore.add(.monitoringIncomeLine, value: "8600", region: RegionCode("41")!, effectiveFrom: day,
                                              source: "一号库", actor: admin, on: first.db)
                _ = try await PolicyStore.add(.monitoringIncomeLine, value: "7000", region: RegionCode("41")!, effectiveFrom: day,
                                              source: "二号库", actor: admin, on: second.db)
                for _ in 0..<2 {
                    #expect(try await line(first.db) == Money(yuan: 8_600))
                    #expect(try await line(second.db) == Money(yuan: 7_000))
                }
            }
        }
    }

    @Test("a place reads its own lineage's settings from the kept tables: a county's override is not another county's")
    func lineage() async throws {
        try await withTestApp { app in
            let countyActor = Actor(userID: nil, username: "xian", role: .county, region: county)
            _ = try await PolicyStore.add(.visitIntervalDays, value: "14", region: county, effectiveFrom: day,
                                          source: "县里要求半月一访", actor: countyActor, on: app.db)
            let other = RegionCode("411628100201")!
            for _ in 0..<2 {
                #expect(try await PolicyStore.book(for: village, on: app.db).int(.visitIntervalDays, for: village, on: day) == 14)
                #expect(try await PolicyStore.book(for: other, on: app.db).int(.visitIntervalDays, for: other, on: day) != 14)
            }
        }
    }
}
