import BottomlineDomain
import BottomlinePersistence

/// 政策调整测算 (issue 18 §2): a county tries a new monitoring line (and a 关注带 above it) on a year's income records
/// and sees, beside the line in force, who would enter and leave the range by township or village, category and risk
/// type, the identification cases against its cadres, and the measures its own records say they would need. Read only:
/// the form is a GET, nothing is saved.
enum WhatIfPage {
    /// What the form asked for, as typed (kept when something is wrong).
    struct Asked: Sendable {
        var year = ""
        var line = ""
        var band = ""
        var unit = ""
        var query: [String] { Filters.query([("year", year), ("line", line), ("band", band)]) }
    }

    struct UnitRow: Sendable {
        var code: String
        var name: String
        /// Drill-down to the unit's villages (townships only).
        var link: String?
        var counts: LineWhatIf.Counts
        var workload: LineWhatIf.Workload?
    }

    struct MeasureRow: Sendable {
        var category: MeasureCategory
        var recorded: LineWhatIf.MeasureProfile.Line
        var expected: LineWhatIf.MeasureProfile.Line
    }

    struct Model: Sendable {
        var context: PageContext
        var regionName: String
        var asked = Asked()
        var years: [Int] = []
        var errors: [String: String] = [:]
        /// The line in force for the year asked (or the latest year), shown beside the field.
        var currentLine: Money?
        var nextLine: Money?
        var result: Result?
    }

    struct Result: Sendable {
        var scenario: LineScenario
        /// What the rows are: 乡（镇、街道） for a county, 村 for a township's drill-down.
        var unitLevel: String
        var unitName: String
        var rows: [UnitRow]
        /// Every village, for the export (the rows themselves when they are villages).
        var villages: [UnitRow]
        var total: LineWhatIf.Counts
        var categories: [(label: String, counts: LineWhatIf.Counts)]
        var risks: [(label: String, counts: LineWhatIf.Counts)]
        var workload: LineWhatIf.Workload
        var profile: LineWhatIf.MeasureProfile
        var measures: [MeasureRow]
        var seconds: Double
    }
}
