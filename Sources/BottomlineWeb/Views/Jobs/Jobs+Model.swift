import BottomlineDomain

/// 就业帮扶 of a region for a year up to a day (issue 16 §3): its child units' figures with the whole, the targets set
/// for the region against what the records count, and the 公益岗位 checks' findings.
enum JobsPage {
    struct TargetLine: Sendable {
        var measure: JobMeasure
        var done: Int
        var target: Int?
        var source: String
    }

    struct Finding: Sendable {
        var householdID: String
        var householdNumber: String
        var village: String
        var person: String
        var post: String
        var text: String
        /// A finding of the attendance (在岗领补), listed apart from the national system's checks.
        var attendance = false
    }

    struct Model: Sendable {
        var context: PageContext
        var asOf: CivilDate
        var regionName: String
        var unitHeader: String
        var rows: [(name: String, figures: JobFigures)]
        var total: JobFigures
        var targets: [TargetLine]
        var maySetTargets: Bool
        /// Where a target may be set: the region itself and its child units.
        var targetUnits: [(value: String, label: String)] = []
        /// Targets handed down to the child units, each against what the unit's records count.
        var childTargets: [(name: String, lines: [TargetLine])] = []
        /// County staff with the import/export permission export the lists (full ID numbers) and import them.
        var mayExportLists = false
        /// Cadres enter the 公益岗位 attendance.
        var mayRecordAttendance = false
        var findings: [Finding]
        var values: FormValues = [:]
        var errors: FieldErrors = [:]
    }

    /// The table's columns, for the page and the XLSX alike.
    static let header = ["务工人数", "县内", "省内县外", "省外", "公益岗位在岗", "雨露计划学生", "雨露计划金额（元）", "交通补助人数", "交通补助金额（元）", "新增持证", "培训人数"]

    static func cells(_ f: JobFigures) -> [String] {
        let counts: [Int] = [f.workers, f.inCounty, f.inProvince, f.outside, f.posts, f.yuluStudents]
        let rest: [String] = [f.yuluAmount.yuanText, String(f.transportPersons), f.transportAmount.yuanText, String(f.certificates), String(f.trained)]
        return counts.map { String($0) } + rest
    }
}
