import BottomlineDomain
import Fluent

/// The State Council's 部分节假日安排, a year at a time: the days off and the weekend days worked, by which a deadline
/// counted in days moves off a 法定休假日 (民法典 第二百零三条). 2025 (国办发明电〔2024〕12号) and 2026 (国务院办公厅
/// 2025-11-04) are entered here; an administrator enters each later year on the policy page when it is published.
struct CreateWorkCalendar: AsyncMigration {
    /// (year, days off as ranges, weekend days worked).
    static let arrangements: [(Int, [(String, String)], [String])] = [
        (2025, [("2025-01-01", "2025-01-01"), ("2025-01-28", "2025-02-04"), ("2025-04-04", "2025-04-06"), ("2025-05-01", "2025-05-05"),
                ("2025-05-31", "2025-06-02"), ("2025-10-01", "2025-10-08")],
         ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"]),
        (2026, [("2026-01-01", "2026-01-03"), ("2026-02-15", "2026-02-23"), ("2026-04-04", "2026-04-06"), ("2026-05-01", "2026-05-05"),
                ("2026-06-19", "2026-06-21"), ("2026-09-25", "2026-09-27"), ("2026-10-01", "2026-10-07")],
         ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]),
    ]

    func prepare(on db: any Database) async throws {
        try await db.schema(WorkCalendarDayRecord.schema)
            .id()
            .field("day", .string, .required)
            .field("year", .int, .required)
            .field("off", .bool, .required)
            .field("entered_by", .string, .required)
            .unique(on: "day")
            .create()
        for (year, ranges, worked) in Self.arrangements {
            var rows: [WorkCalendarDayRecord] = []
            for (from, to) in ranges {
                var day = CivilDate(parsing: from)!
                while day <= CivilDate(parsing: to)! {
                    rows.append(.init(day: day, off: true, by: "system"))
                    day = day.adding(days: 1)
                }
            }
            rows += worked.map { .init(day: CivilDate(parsing: $0)!, off: false, by: "system") }
            precondition(rows.allSatisfy { $0.year == year })
            try await rows.create(on: db)
        }
    }

    func revert(on db: any Database) async throws {
        try await db.schema(WorkCalendarDayRecord.schema).delete()
    }
}
